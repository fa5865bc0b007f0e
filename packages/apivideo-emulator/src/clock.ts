/** A clock that runs with real time but can be moved, so expiry can be tested without waiting. */
export interface EmulatorClock {
  /** The emulator's current time, in epoch milliseconds. */
  now(): number
  /** Moves the clock forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void
  /** Sets the clock to `epochMs`; time keeps flowing from there. */
  set(epochMs: number): void
  /** Removes every adjustment made with `advance` and `set`. */
  reset(): void
}

export function createClock(source: () => number = Date.now): EmulatorClock {
  let offset = 0
  return {
    now: () => source() + offset,
    advance: (ms) => {
      offset += ms
    },
    set: (epochMs) => {
      offset = epochMs - source()
    },
    reset: () => {
      offset = 0
    },
  }
}

/** ATOM dates as api.video writes them: UTC, no milliseconds, `+00:00`. */
export function atomDate(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}+00:00`
}
