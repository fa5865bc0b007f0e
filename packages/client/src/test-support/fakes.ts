import { afterEach, beforeEach, vi } from 'vitest'
import { KeywardError } from '../errors.ts'
import { createTokenSource } from '../token-source.ts'
import type { Token, TokenSource, TokenSourceOptions } from '../token-types.ts'
import { fakeClock } from './clock.ts'
import { createFakeBroker, type FakeBroker, TOKEN_URL } from './fake-broker.ts'

export interface Fakes {
  broker: FakeBroker
  clock: ReturnType<typeof fakeClock>
}

/** Fake timers, a fake broker and a fake clock, fresh for each test of the calling file. */
export function useFakes(): Fakes {
  const fakes = {} as Fakes
  beforeEach(() => {
    vi.useFakeTimers()
    fakes.broker = createFakeBroker()
    fakes.clock = fakeClock()
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })
  return fakes
}

/** A token source on the fakes; random 0 puts the refresh point at 70 % of the lifetime (210 s of 300 s), and no jitter. */
export const fakeSource = (fakes: Fakes, options: Partial<TokenSourceOptions> = {}) =>
  createTokenSource({
    url: TOKEN_URL,
    fetch: fakes.broker.fetch,
    now: fakes.clock.now,
    random: () => 0,
    ...options,
  })

/** How a promise settles: `'resolved'`, or the `KeywardError` code it rejects with. */
export const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof KeywardError ? error.code : String(error))
  )

/** The codes of the failures a source reports (`change` into `failed`), in order. */
export function failuresOf(tokens: TokenSource): string[] {
  const codes: string[] = []
  tokens.addEventListener('change', () => {
    const { state, error } = tokens.snapshot
    if (state === 'failed' && error) codes.push(error.code)
  })
  return codes
}

/** The tokens a source reports (`change` into `ready`), in order. */
export function tokensOf(tokens: TokenSource): Token[] {
  const seen: Token[] = []
  tokens.addEventListener('change', () => {
    const { state, token } = tokens.snapshot
    if (state === 'ready' && token) seen.push(token)
  })
  return seen
}
