import { describe, expect, it } from 'vitest'
import { createSingleFlight } from './single-flight.ts'

describe('single flight', () => {
  it('runs one task per key and shares its outcome with every caller', async () => {
    const flight = createSingleFlight<number>()
    let runs = 0
    const task = async () => {
      runs++
      await new Promise((resolve) => setTimeout(resolve, 5))
      return runs
    }
    const results = await Promise.all(Array.from({ length: 100 }, () => flight.run('a', task)))
    expect(new Set(results)).toEqual(new Set([1]))
    expect(runs).toBe(1)
    expect(flight.running('a')).toBe(false)
  })

  it('never merges different keys: each gets its own task', async () => {
    const flight = createSingleFlight<string>()
    const [a, b] = await Promise.all([
      flight.run('https://ws.api.video key-a', async () => 'a'),
      flight.run('https://sandbox.api.video key-a', async () => 'b'),
    ])
    expect([a, b]).toEqual(['a', 'b'])
  })

  it('starts a new task after a failure', async () => {
    const flight = createSingleFlight<string>()
    await expect(flight.run('k', async () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down'
    )
    await expect(flight.run('k', async () => 'up')).resolves.toBe('up')
  })
})
