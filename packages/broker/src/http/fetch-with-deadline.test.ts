import { describe, expect, it } from 'vitest'
import { BrokerError } from '../errors.ts'
import { fetchWithDeadline } from './fetch-with-deadline.ts'

/** A fetch that answers only when told to, and records what it was given. */
function heldFetch() {
  const seen: RequestInit[] = []
  let answer: (res: Response) => void = () => undefined
  const fetch = ((_url: string, init: RequestInit) => {
    seen.push(init)
    return new Promise<Response>((resolve, reject) => {
      answer = resolve
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason))
    })
  }) as typeof globalThis.fetch
  return { fetch, seen, answer: (res: Response) => answer(res) }
}

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  return error instanceof BrokerError ? error.code : error
}

/** `fetchWithDeadline` of `init` to api.video's `/videos`, through `held`. */
const callThrough = (held: ReturnType<typeof heldFetch>, init: RequestInit, timeoutMs: number) =>
  fetchWithDeadline({ fetch: held.fetch, url: 'https://upstream.test/videos', init, timeoutMs })

describe('fetchWithDeadline', () => {
  it.each([
    ['a call that sends a body, so the upload stops', { method: 'POST', body: 'bytes' }],
    ['a call without a body, so nothing waits on a silent api.video', { method: 'GET' }],
  ])('aborts %s, at the deadline', async (_, init) => {
    const held = heldFetch()
    expect(await codeOf(callThrough(held, init, 20))).toBe('upstream_timeout')
    expect(held.seen[0]?.signal?.aborted).toBe(true)
    expect(held.seen[0]?.redirect).toBe('manual')
  })

  it('passes an answer in time on with its body unread, and never follows a redirect', async () => {
    const held = heldFetch()
    const call = callThrough(held, { method: 'GET' }, 1_000)
    held.answer(new Response('{"data":[]}', { status: 200 }))
    expect(await (await call).json()).toEqual({ data: [] })
    const redirected = heldFetch()
    const moved = callThrough(redirected, { method: 'GET' }, 1_000)
    redirected.answer(new Response(null, { status: 302, headers: { location: 'https://x.test' } }))
    expect(await codeOf(moved)).toBe('upstream_redirect')
  })
})
