/** Runs at most one task per key at a time; callers that arrive meanwhile share its outcome. */
export interface SingleFlight<T> {
  run(key: string, task: () => Promise<T>): Promise<T>
  /** Whether a task for `key` is running. */
  running(key: string): boolean
}

/**
 * Keyed single-flight. The key must name everything that makes a result different (for upstream
 * tokens: the base URL and the API key), or callers get someone else's result (the Duende
 * CVE-2025-26620 advisory).
 */
export function createSingleFlight<T>(): SingleFlight<T> {
  const inflight = new Map<string, Promise<T>>()
  return {
    run(key, task) {
      const running = inflight.get(key)
      if (running) return running
      const started: Promise<T> = Promise.resolve()
        .then(task)
        .finally(() => {
          if (inflight.get(key) === started) inflight.delete(key)
        })
      inflight.set(key, started)
      return started
    },
    running: (key) => inflight.has(key),
  }
}
