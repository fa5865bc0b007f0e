import { BrokerError } from '../errors.ts'
import type { ApiVideoCall, ApiVideoClient } from './api-video-client.ts'

/** Failures after which the DELETE may have reached api.video: its answer was lost. */
const LOST = new Set(['upstream_unavailable', 'upstream_timeout'])

/**
 * `DELETE /videos/{videoId}`, answered with the truth about the video. The broker looks first
 * (`GET`): a video that does not exist is api.video's 404, and no DELETE is sent. A video that
 * existed and is gone after the DELETE is `204`, even when the DELETE's answer was lost (a cut
 * connection, a timeout) or was a 404: a runtime that sends an idempotent request again after a
 * dropped connection (RFC 9110 §9.2.2) gets api.video's 404 for the video its first attempt
 * deleted. The DELETE itself is sent once, never replayed (docs/reliability.md).
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
