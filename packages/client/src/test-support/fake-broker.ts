// A fake broker behind an injected `fetch`: the `/v1/token`, `/v1/upload-token` and `/v1/api/*`
// contract of the broker issue, with hooks to delay, fail or count each call.

export const BROKER = 'https://broker.test'
export const TOKEN_URL = `${BROKER}/v1/token`

export type TokenAnswer = (request: Request, count: number) => Response | Promise<Response>

export interface FakeBroker {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>
  /** Every request to `/v1/token`, in order. */
  tokenRequests: Request[]
  /** Every request to `/v1/api/*` and `/v1/upload-token`, with the token it carried. */
  apiRequests: { request: Request; token: string | undefined; body: string }[]
  /** How `/v1/token` answers; the default issues `t1`, `t2`, … valid for `expiresIn` seconds. */
  answerToken: TokenAnswer
  /** How `/v1/api/*` answers a valid token; the default echoes the token. */
  answerApi: (request: Request) => Response | Promise<Response>
  /** Makes the broker reject a token it issued, as it does once the token expired. */
  expire(token: string): void
  /** Stops the next `/v1/token` answers until `release()`. */
  hold(): { release(): void }
}

export const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: `urn:keyward:problem:${code}`, title: code, status, code }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  })

export const tokenResponse = (accessToken: string, expiresIn = 300, scope = 'videos:read') =>
  Response.json({ access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, scope })

export function createFakeBroker({ expiresIn = 300 } = {}): FakeBroker {
  const valid = new Set<string>()
  let gate: Promise<void> | undefined

  const broker: FakeBroker = {
    tokenRequests: [],
    apiRequests: [],
    answerToken: (_request, count) => tokenResponse(`t${count}`, expiresIn),
    answerApi: async (request) => Response.json({ path: new URL(request.url).pathname }),
    expire: (token) => valid.delete(token),
    hold() {
      let release = () => {}
      gate = new Promise((resolve) => {
        release = resolve
      })
      return { release: () => release() }
    },
    async fetch(input, init) {
      const request = new Request(input, init)
      const { pathname } = new URL(request.url)
      if (pathname === '/v1/token') {
        broker.tokenRequests.push(request)
        const count = broker.tokenRequests.length
        await gate
        const response = await broker.answerToken(request, count)
        if (response.ok) {
          const clone = (await response.clone().json()) as { access_token?: string }
          if (clone.access_token) valid.add(clone.access_token)
        }
        return response
      }
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '')
      broker.apiRequests.push({ request, token, body: await request.clone().text() })
      if (!token || !valid.has(token)) {
        return problem(401, 'invalid_token', {
          'www-authenticate': 'Bearer error="invalid_token"',
        })
      }
      if (pathname === '/v1/upload-token') {
        return Response.json({
          token: `upload-${token}`,
          ttl: 600,
          expiresAt: '2030-01-01T00:10:00+00:00',
          apiHost: 'sandbox.api.video',
        })
      }
      return broker.answerApi(request)
    },
  }
  return broker
}
