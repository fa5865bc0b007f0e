import { describe, expect, it, vi } from 'vitest'
import { problem } from './test-support/fake-broker.ts'
import { fakeSource, useFakes } from './test-support/fakes.ts'
import type { TokenSnapshot, TokenSource } from './token-types.ts'

const fakes = useFakes()

// Every snapshot a source publishes, in order, one per `change` event.
function record(tokens: TokenSource): TokenSnapshot[] {
  const seen: TokenSnapshot[] = []
  tokens.addEventListener('change', () => seen.push(tokens.snapshot))
  return seen
}

const states = (seen: TokenSnapshot[]) => seen.map(({ state }) => state)

describe('TokenSource.snapshot', () => {
  it('starts idle, with no token, before the first getToken()', () => {
    const tokens = fakeSource(fakes)
    expect(tokens.snapshot).toMatchObject({ state: 'idle', token: undefined, error: undefined })
    expect(fakes.broker.tokenRequests).toHaveLength(0)
  })

  it('goes fetching, then ready with the token, one change event each', async () => {
    const tokens = fakeSource(fakes)
    const seen = record(tokens)
    const pending = tokens.getToken()
    expect(tokens.snapshot).toMatchObject({ state: 'fetching', token: undefined })
    const token = await pending
    expect(states(seen)).toEqual(['fetching', 'ready'])
    expect(tokens.snapshot.token).toBe(token)
  })

  it('is the same object until something changes, then a new one', async () => {
    const tokens = fakeSource(fakes)
    await tokens.getToken()
    const before = tokens.snapshot
    await tokens.getToken()
    expect(tokens.snapshot).toBe(before)
    await tokens.refresh()
    expect(tokens.snapshot).not.toBe(before)
    expect(tokens.snapshot.token?.accessToken).toBe('t2')
  })

  it('keeps the current token while a background refresh runs', async () => {
    const tokens = fakeSource(fakes)
    await tokens.getToken()
    await fakes.clock.advance(220_000)
    const gate = fakes.broker.hold()
    await tokens.getToken()
    expect(tokens.snapshot).toMatchObject({ state: 'fetching', token: { accessToken: 't1' } })
    gate.release()
    await vi.advanceTimersByTimeAsync(0)
    expect(tokens.snapshot).toMatchObject({ state: 'ready', token: { accessToken: 't2' } })
  })

  it('shows a sign-out as failed, with the error and without a token', async () => {
    const tokens = fakeSource(fakes)
    await tokens.getToken()
    fakes.broker.answerToken = () => problem(401, 'unauthenticated')
    await tokens.refresh().catch(() => {})
    expect(tokens.snapshot).toMatchObject({
      state: 'failed',
      token: undefined,
      error: { code: 'unauthenticated', status: 401, problem: { code: 'unauthenticated' } },
    })
  })

  it('ends disposed, without a token', async () => {
    const tokens = fakeSource(fakes)
    await tokens.getToken()
    const seen = record(tokens)
    tokens.dispose()
    expect(states(seen)).toEqual(['disposed'])
    expect(tokens.snapshot.token).toBeUndefined()
  })
})
