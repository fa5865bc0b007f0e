import { BrokerError } from '../errors.ts'
import type { ApiVideoCall, ApiVideoClient } from './api-video-client.ts'
import { OPERATIONS } from './generated/operations.ts'
import type { ProxyRule } from './operation-rule.ts'

/** Failures after which the DELETE may have reached api.video: its answer was lost. */
const LOST = new Set(['upstream_unavailable', 'upstream_timeout'])

/** The path templates api.video also answers a `GET` on: a video, a caption, a player, … */
const READABLE = new Set(
  OPERATIONS.filter((rule) => rule.method === 'GET').map((rule) => rule.path)
)

/**
 * Whether a DELETE is sent through `confirmedDelete`: its resource can be read at the same path,
 * so whether it is still there can be looked at before and after.
 */
export function confirmsDelete(rule: ProxyRule): boolean {
  return rule.method === 'DELETE' && READABLE.has(rule.path)
}

/**
 * A DELETE of a resource api.video can also read (`confirmsDelete`), answered with the truth
 * about it. The broker looks first (`GET`): a resource that does not exist is api.video's 404,
 * and no DELETE is sent. One that existed and is gone after the DELETE is `204`, even when the
 * DELETE's answer was lost (a cut connection, a timeout) or was a 404: a runtime that sends an
 * idempotent request again after a dropped connection (RFC 9110 §9.2.2) gets api.video's 404 for
 * what its first attempt deleted. The DELETE itself is sent once, never replayed
 * (docs/reliability.md).
 */
export async function confirmedDelete(
  client: ApiVideoClient,
  call: ApiVideoCall
): Promise<Response> {
  const look = () => client.call({ ...call, method: 'GET', body: { kind: 'none' } })
  const before = await look()
  if (before.status !== 200) return before
  await before.body?.cancel()
  let res: Response
  try {
    res = await client.call(call)
  } catch (error) {
    if (!(error instanceof BrokerError) || !LOST.has(error.code)) throw error
    const after = await look().catch(() => undefined)
    await after?.body?.cancel()
    if (after?.status === 404) return gone()
    throw error
  }
  if (res.status !== 404) return res
  await res.body?.cancel()
  return gone()
}

const gone = () => new Response(null, { status: 204 })
