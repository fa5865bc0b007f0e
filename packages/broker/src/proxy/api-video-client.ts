import { payloadTooLarge, upstreamUnavailable } from '../errors.ts'
import { fetchWithDeadline } from '../http/fetch-with-deadline.ts'
import type { BrokerLogger } from '../logger.ts'
import type { UpstreamTokenManager } from '../upstream/token-manager.ts'
import type { UpstreamBody } from './request-body.ts'

export interface ApiVideoCall {
  method: string
  /** Path and query, e.g. `/videos?currentPage=2`. */
  path: string
  /** Headers to send, without credentials: the upstream token is attached here. */
  headers: Record<string, string>
  body: UpstreamBody
  timeoutMs: number
  waitUntil: ((promise: Promise<unknown>) => void) | undefined
}

export interface ApiVideoClientOptions {
  apiBaseUrl: string
  fetch: typeof fetch
  upstream: UpstreamTokenManager
  logger: BrokerLogger
}

export type ApiVideoClient = ReturnType<typeof createApiVideoClient>

/** Calls api.video with the upstream token; on a 401 it renews once and retries once. */
export function createApiVideoClient({
  apiBaseUrl,
  fetch: fetchImpl,
  upstream,
  logger,
}: ApiVideoClientOptions) {
  async function send(call: ApiVideoCall, accessToken: string): Promise<Response> {
    const headers = { ...call.headers, authorization: `Bearer ${accessToken}` }
    const init: RequestInit & { duplex?: 'half' } = { method: call.method, headers }
    if (call.body.kind === 'bytes') init.body = call.body.bytes
    if (call.body.kind === 'stream') {
      init.body = call.body.stream
      init.duplex = 'half'
    }
    const exceeded = () => call.body.kind === 'stream' && call.body.exceeded()
    let res: Response
    try {
      res = await fetchWithDeadline({
        fetch: fetchImpl,
        url: `${apiBaseUrl}${call.path}`,
        init,
        timeoutMs: call.timeoutMs,
      })
    } catch (error) {
      if (exceeded()) throw payloadTooLarge()
      throw error
    }
    // The size limit cut the stream: whatever api.video made of the partial body is moot.
    if (exceeded()) {
      await res.body?.cancel()
      throw payloadTooLarge()
    }
    return res
  }

  return {
    async call(call: ApiVideoCall): Promise<Response> {
      const options = { waitUntil: call.waitUntil }
      const token = await upstream.getToken(options)
      const first = await send(call, token.accessToken)
      if (first.status !== 401) return first
      await first.body?.cancel()
      logger.warn('upstream.token_refused', { method: call.method, status: 401 })
      const renewed = await upstream.renew(token.accessToken, options)
      // A streamed upload cannot be sent twice; the renewed token serves the caller's retry.
      if (call.body.kind === 'stream')
        throw upstreamUnavailable('api.video refused the token; send the upload again.', 1)
      const second = await send(call, renewed.accessToken)
      if (second.status !== 401) return second
      await second.body?.cancel()
      logger.error('upstream.token_refused_after_renewal', { method: call.method, status: 401 })
      throw upstreamUnavailable('api.video refused a freshly renewed token.', 1)
    },
  }
}
