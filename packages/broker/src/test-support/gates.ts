/** Holds upstream calls per path, so a test can act while a call is under way. */
export function createGates() {
  const gates = new Map<string, Promise<void>>()
  return {
    /** Resolves once `path` is not held. */
    pass: (path: string): Promise<void> | undefined => gates.get(path),
    /** Holds upstream calls to `path` until the returned function is called. */
    hold: (path: string) => {
      let release: () => void = () => undefined
      gates.set(
        path,
        new Promise<void>((resolve) => {
          release = resolve
        })
      )
      return () => {
        gates.delete(path)
        release()
      }
    },
  }
}
