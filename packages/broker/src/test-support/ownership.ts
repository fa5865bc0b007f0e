import { createHarness, type Harness, type HarnessOptions } from './harness.ts'

/** Every video scope: what a signed-in user of an ownership-mode deployment gets. */
export const USER_SCOPES = 'videos:read videos:write videos:delete videos:upload'
export const OWNER_KEY = 'keyward:owner'

/** A harness in ownership mode, with Video Restore on so discarded videos can be tried. */
export function ownershipHarness({ broker = {}, emulator = {} }: HarnessOptions = {}) {
  return createHarness({
    broker: { ownership: {}, anonymousScopes: ['videos:read'], ...broker },
    emulator: { videoRestore: true, ...emulator },
  })
}

/** A broker token for a signed-in user. */
export const userToken = (h: Harness, sub: string, scope = USER_SCOPES) => h.mint({ sub, scope })

/** Creates a video through the proxy as the token's user: it is stamped with their `sub`. */
export async function createOwnedVideo(h: Harness, token: string, title = 'Mine'): Promise<string> {
  const res = await h.api('/videos', token, { method: 'POST', body: JSON.stringify({ title }) })
  if (res.status !== 201)
    throw new Error(`creating a video failed: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { videoId: string }).videoId
}

/** Calls api.video (the emulator) directly with the API key, as a server would. */
export function direct(h: Harness, path: string, init: RequestInit = {}) {
  return h.emulator.fetch(path, {
    ...init,
    headers: {
      authorization: `Basic ${btoa(`${h.emulator.apiKey}:`)}`,
      'content-type': 'application/json',
      ...(init.headers as object),
    },
  })
}

/** A problem body without its per-request id, to compare two answers. */
export async function problemOf(res: Response): Promise<Record<string, unknown>> {
  const { requestId: _, ...problem } = (await res.json()) as Record<string, unknown>
  return problem
}

/**
 * Creates a video straight at api.video, owned by `owner` (or nobody): as another isolate, or an
 * earlier run, would have made it, so this broker has not remembered its owner.
 */
export async function createVideoOf(h: Harness, owner: string | null): Promise<string> {
  const metadata = owner === null ? [] : [{ key: OWNER_KEY, value: owner }]
  const res = await direct(h, '/videos', {
    method: 'POST',
    body: JSON.stringify({ title: `${owner ?? 'nobody'}'s video`, metadata }),
  })
  if (res.status !== 201) throw new Error(`creating a video failed: ${res.status}`)
  return ((await res.json()) as { videoId: string }).videoId
}
