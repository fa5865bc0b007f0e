/** A memo of at most `size` entries, the oldest dropped first: `memo(key, compute)`. */
export interface BoundedMemo<T> {
  /** The remembered value of `key`, or `compute(key)`, remembered and answered. */
  (key: string, compute: (key: string) => T): T
  /** Drops `key` if `value` is still what it remembers (a newer value stays). */
  forget(key: string, value: T): void
}

/**
 * Makes a `BoundedMemo`. A value `compute` throws instead of returning is not remembered; one that
 * turns out bad later (a promise that rejects) is dropped with `forget`, so the next call computes
 * it anew.
 */
export function boundedMemo<T>(size: number): BoundedMemo<T> {
  const memo = new Map<string, T>()
  function remembered(key: string, compute: (key: string) => T): T {
    const known = memo.get(key)
    if (known !== undefined || memo.has(key)) return known as T
    const value = compute(key)
    if (memo.size >= size) memo.delete(memo.keys().next().value as string)
    memo.set(key, value)
    return value
  }
  return Object.assign(remembered, {
    forget(key: string, value: T) {
      if (memo.get(key) === value) memo.delete(key)
    },
  })
}
