import { vi } from 'vitest'

/**
 * The token source's monotonic clock (`now`) and vitest's fake timers and Date, moved together;
 * `sleep` moves only the wall clock, as a device that sleeps while its monotonic clock stops.
 */
export function fakeClock() {
  let monotonic = 1_000
  return {
    now: () => monotonic,
    async advance(ms: number) {
      monotonic += ms
      await vi.advanceTimersByTimeAsync(ms)
    },
    sleep(ms: number) {
      vi.setSystemTime(Date.now() + ms)
    },
  }
}
