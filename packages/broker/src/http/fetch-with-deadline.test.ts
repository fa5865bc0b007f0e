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

describe('fetchWithDeadline', () => {
  it('aborts a call that sends a body at the deadline, so the upload stops', async () => {
    const held = heldFetch()
    const call = fetchWithDeadline({
      fetch: held.fetch,
      url: 'https://upstream.test/upload',
      init: { method: 'POST', body: 'bytes' },
      timeoutMs: 20,
    })
    expect(await codeOf(call)).toBe('upstream_timeout')
    expect(held.seen[0]?.signal?.aborted).toBe(true)
    expect(held.seen[0]?.redirect).toBe('manual')
  })

  it('aborts a call without a body at the deadline too, so nothing waits on a silent api.video', async () => {
    const held = heldFetch()
    const call = fetchWithDeadline({
      fetch: held.fetch,
      url: 'https://upstream.test/videos',
      init: { method: 'GET' },
      timeoutMs: 20,
    })
    expect(await codeOf(call)).toBe('upstream_timeout')
    expect(held.seen[0]?.signal?.aborted).toBe(true)
  })

  it('passes an answer in time on with its body unread, and never follows a redirect', async () => {
    const held = heldFetch()
    const call = fetchWithDeadline({
      fetch: held.fetch,
      url: 'https://upstream.test/videos',
      init: { method: 'GET' },
      timeoutMs: 1_000,
    })
    held.answer(new Response('{"data":[]}', { status: 200 }))
    expect(await (await call).json()).toEqual({ data: [] })
    const redirected = heldFetch()
    const moved = fetchWithDeadline({
      fetch: redirected.fetch,
      url: 'https://upstream.test/videos',
      init: { method: 'GET' },
      timeoutMs: 1_000,
    })
    redirected.answer(new Response(null, { status: 302, headers: { location: 'https://x.test' } }))
    expect(await codeOf(moved)).toBe('upstream_redirect')
  })
})
