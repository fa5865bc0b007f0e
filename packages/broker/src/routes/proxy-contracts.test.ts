import { describe, expect, it } from 'vitest'
import { BrokerError } from '../errors.ts'
import { brokerOptionsFromEnv } from '../options/env.ts'
import { resolveOptions } from '../options/resolve.ts'
import { createHarness, ORIGIN, signingJwk, UPSTREAM } from '../test-support/harness.ts'

const VIDEO = 'vi0123456789abcdefABCDEF'
const PLAYER = 'pl0123456789abcdefABCDEF'

async function problemOf(res: Response) {
  return (await res.json()) as { code: string; 'invalid-params'?: { in: string; name: string }[] }
}

describe('ALL /v1/api/*: query contracts', () => {
  it.each([
    '/videos?metadata%5BAuthor%5D=John&tags%5B%5D=a&tags%5B%5D=b&currentPage=2&pageSize=10',
    '/data/timeseries/play?filterBy%5Bbrowser%5D%5B%5D=firefox&filterBy%5Bbrowser%5D%5B%5D=chrome&filterBy%5BmediaType%5D=video&from=2024-02-05T00:00:00Z&interval=day',
    '/data/metrics/play/count?unique=true&filterBy%5Btag%5D=Cool',
  ])('forwards %s exactly as sent', async (path) => {
    const h = await createHarness()
    await h.api(path, await h.mint())
    expect(h.apiCalls()).toMatchObject([{ url: `${UPSTREAM}${path}` }])
  })

  it.each([
    ['/videos?title=a&title=b', 'title'],
    ['/videos?currentPage=two', 'currentPage'],
    ['/videos?__proto__=x', '__proto__'],
    ['/videos?metadata=flat', 'metadata'],
    ['/data/timeseries/play?filterBy%5BnotAFilter%5D=x', 'filterBy[notAFilter]'],
    ['/data/timeseries/play?filterBy%5BmediaType%5D=tv', 'filterBy[mediaType]'],
    ['/data/timeseries/play?from=yesterday', 'from'],
    ['/data/metrics/play/count?unique=perhaps', 'unique'],
    [`/videos/${VIDEO}?currentPage=1`, 'currentPage'],
  ])('refuses %s, naming %s, before any upstream call', async (path, name) => {
    const h = await createHarness()
    const res = await h.api(path, await h.mint())
    expect(res.status).toBe(400)
    const problem = await problemOf(res)
    expect(problem.code).toBe('invalid_request')
    expect(problem['invalid-params']).toEqual([{ in: 'query', name, reason: expect.any(String) }])
    expect(h.calls).toHaveLength(0)
  })
})

describe('ALL /v1/api/*: body contracts', () => {
  it('names the nested field at fault, as a JSON pointer', async () => {
    const h = await createHarness()
    const body = JSON.stringify({ title: 't', metadata: [{ key: 'k', value: 1 }] })
    const res = await h.api('/videos', await h.mint(), { method: 'POST', body })
    expect((await problemOf(res))['invalid-params']).toEqual([
      { in: 'body', name: '/metadata/0/value', reason: 'must be string' },
    ])
    expect(h.calls).toHaveLength(0)
  })

  it('refuses a value outside an enum and a missing required field', async () => {
    const h = await createHarness()
    const token = await h.mint()
    const language = await h.api('/videos', token, {
      method: 'POST',
      body: '{"title":"t","language":"klingon"}',
    })
    expect((await problemOf(language))['invalid-params']?.[0]?.name).toBe('/language')
    const missing = await h.api('/videos', token, { method: 'POST', body: '{"public":false}' })
    expect((await problemOf(missing))['invalid-params']?.[0]).toMatchObject({
      name: '/title',
      reason: 'is required',
    })
    expect(h.calls).toHaveLength(0)
  })

  it('sends the parts it checked, and refuses a logo over the 100 KiB api.video declares', async () => {
    const h = await createHarness()
    const token = await h.mint()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(1024)], { type: 'image/png' }), 'logo.png')
    form.append('link', 'https://example.com')
    await h.api(`/players/${PLAYER}/logo`, token, { method: 'POST', body: form })
    expect(h.apiCalls()[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    const big = new FormData()
    big.append('file', new Blob([new Uint8Array(100 * 1024 + 1)]), 'logo.png')
    const res = await h.api(`/players/${PLAYER}/logo`, token, { method: 'POST', body: big })
    expect(res.status).toBe(413)
    expect(await problemOf(res)).toMatchObject({ code: 'payload_too_large' })
    const text = new FormData()
    text.append('file', 'not a file')
    const wrong = await h.api(`/players/${PLAYER}/logo`, token, { method: 'POST', body: text })
    expect((await problemOf(wrong))['invalid-params']?.[0]).toMatchObject({ name: 'file' })
    expect(h.apiCalls()).toHaveLength(1)
  })
})

describe('ALL /v1/api/*: the per-caller budget', () => {
  const budget = { proxyRateLimit: { requests: 3, periodSeconds: 60 } }

  it('answers 429 with Retry-After once a caller spent its budget, and again after the period', async () => {
    const h = await createHarness({ broker: budget })
    const token = await h.mint({ sub: 'user-1' })
    for (let i = 0; i < 3; i++) expect((await h.api('/videos', token)).status).toBe(200)
    const refused = await h.api('/videos', token)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
    expect(await problemOf(refused)).toMatchObject({ code: 'rate_limited' })
    expect(h.apiCalls()).toHaveLength(3)
    h.advance(60_000)
    expect((await h.api('/videos', token)).status).toBe(200)
  })

  it('keeps one budget per sub, and per client address for anonymous callers', async () => {
    const h = await createHarness({ broker: { ...budget, proxyRateLimit: { requests: 1 } } })
    const anonymous = await h.mint({ sub: 'anonymous', anon: true })
    const from = (ip: string) => ({ headers: { 'cf-connecting-ip': ip } })
    expect((await h.api('/videos', await h.mint({ sub: 'user-1' }))).status).toBe(200)
    expect((await h.api('/videos', await h.mint({ sub: 'user-2' }))).status).toBe(200)
    expect((await h.api('/videos', anonymous, from('203.0.113.1'))).status).toBe(200)
    expect((await h.api('/videos', anonymous, from('203.0.113.2'))).status).toBe(200)
    expect((await h.api('/videos', anonymous, from('203.0.113.1'))).status).toBe(429)
  })

  it('is separate from the token budget', async () => {
    const h = await createHarness({ broker: { ...budget, rateLimit: { requests: 1 } } })
    const token = await h.token()
    expect((await h.api('/videos', token)).status).toBe(200)
    expect((await h.api('/videos', token)).status).toBe(200)
  })

  it('defaults to 30 calls a minute per caller, well under api.video account limits', async () => {
    const h = await createHarness({ broker: { proxyRateLimit: {} } })
    const token = await h.mint({ sub: 'user-1' })
    for (let i = 0; i < 30; i++) expect((await h.api('/videos', token)).status).toBe(200)
    expect((await h.api('/videos', token)).status).toBe(429)
  })
})

describe('ALL /v1/api/*: answers', () => {
  it('are private, no-store and vary on Authorization and Origin, whatever api.video said; its X-RateLimit-* pass', async () => {
    const upstream = (async (input: RequestInfo | URL) => {
      if (String(input).endsWith('/auth/api-key')) {
        return Response.json({ access_token: 'a', refresh_token: 'r', expires_in: 3600 })
      }
      return Response.json(
        { data: [] },
        {
          headers: {
            'cache-control': 'public, max-age=600',
            vary: 'Accept-Encoding',
            'x-ratelimit-limit': '100',
            'x-ratelimit-remaining': '99',
            'x-ratelimit-retry-after': '42',
          },
        }
      )
    }) as typeof fetch
    const h = await createHarness({ broker: { fetch: upstream } })
    const res = await h.api('/videos', await h.mint())
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.headers.get('vary')).toBe('Authorization, Origin')
    expect(res.headers.get('x-ratelimit-remaining')).toBe('99')
    expect(res.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining')
  })
})

describe('configuration of the proxy', () => {
  it('reads ALLOW_SENSITIVE_FIELDS and PROXY_RATE_LIMIT_* from the environment', async () => {
    const options = brokerOptionsFromEnv({
      APIVIDEO_API_KEY: 'key',
      KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('k1')),
      ALLOWED_ORIGINS: ORIGIN,
      ALLOW_SENSITIVE_FIELDS: 'source, public',
      PROXY_RATE_LIMIT_REQUESTS: '10',
      PROXY_RATE_LIMIT_PERIOD_SECONDS: '30',
    })
    expect(options.allowSensitiveFields).toEqual(['source', 'public'])
    expect(options.proxyRateLimit).toEqual({ requests: 10, periodSeconds: 30 })
    expect(
      brokerOptionsFromEnv({ ...minimalEnv(), PROXY_RATE_LIMIT_REQUESTS: '0' }).proxyRateLimit
    ).toBe(false)
  })

  it('refuses an unknown sensitive field name at start, in the environment or the options', async () => {
    expect(() =>
      brokerOptionsFromEnv({ ...minimalEnv(), ALLOW_SENSITIVE_FIELDS: 'title' })
    ).toThrow(/ALLOW_SENSITIVE_FIELDS has unknown fields: title/)
    const options = {
      apiKey: 'key',
      allowedOrigins: [ORIGIN],
      signingKey: await signingJwk('k1'),
      allowSensitiveFields: ['title' as 'source'],
    }
    expect(() => resolveOptions(options)).toThrow(BrokerError)
    expect(() => resolveOptions(options)).toThrow(/allowSensitiveFields/)
  })
})

function minimalEnv() {
  return {
    APIVIDEO_API_KEY: 'key',
    KEYWARD_SIGNING_KEY: '{"kty":"OKP","crv":"Ed25519","x":"x","d":"d","kid":"k1"}',
    ALLOWED_ORIGINS: ORIGIN,
  }
}
