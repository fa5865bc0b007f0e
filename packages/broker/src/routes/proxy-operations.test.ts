import { describe, expect, it } from 'vitest'
import { confirmsDelete } from '../proxy/confirmed-delete.ts'
import { NEVER_FROM_A_BROWSER, OPERATIONS } from '../proxy/generated/operations.ts'
import { SAMPLES, type Sample } from '../proxy/generated/samples.ts'
import type { ProxyRule } from '../proxy/operation-rule.ts'
import { SCOPES } from '../scopes.ts'
import { createHarness, type Harness, UPSTREAM } from '../test-support/harness.ts'
import { multipart, validBody } from '../test-support/operation-requests.ts'

// Every case here is generated from the same table as the rules: one per operation, or one per
// operation that has the thing being tried.

const cases = OPERATIONS.map((rule) => {
  const sample = SAMPLES[rule.operation] as Sample
  return [`${rule.method} ${rule.path}`, rule, sample] as const
})
const BROKER_REFUSALS = ['insufficient_scope', 'invalid_request', 'route_not_allowed']

async function send(h: Harness, rule: ProxyRule, path: string, init: RequestInit, scope?: string) {
  const token = await h.mint({ scope: scope ?? rule.scope })
  return h.api(path, token, { method: rule.method, ...init })
}

async function expectRefused(h: Harness, res: Response, code: string, name?: string) {
  expect(res.status).toBe(400)
  const problem = (await res.json()) as { code: string; 'invalid-params'?: { name: string }[] }
  expect(problem.code).toBe(code)
  if (name !== undefined) expect(problem['invalid-params']?.[0]?.name).toBe(name)
  expect(h.apiCalls()).toHaveLength(0)
}

describe(`the proxy's ${OPERATIONS.length} generated rules`, () => {
  it.each(cases)('forwards %s with its scope alone', async (_, rule, sample) => {
    const h = await createHarness()
    const res = await send(h, rule, sample.path, validBody(rule, sample))
    if (res.status >= 400) {
      expect(BROKER_REFUSALS).not.toContain(((await res.json()) as { code: string }).code)
    }
    // Nothing such in the emulator: a confirmed DELETE stops at the broker's look (GET) and its 404.
    const sent = confirmsDelete(rule) ? 'GET' : rule.method
    expect(h.apiCalls()).toMatchObject([{ method: sent, url: `${UPSTREAM}${sample.path}` }])
  })

  it.each(cases)('refuses %s without its scope, sending nothing', async (_, rule, sample) => {
    const h = await createHarness()
    const others = SCOPES.filter((scope) => scope !== rule.scope).join(' ')
    const res = await send(h, rule, sample.path, validBody(rule, sample), others)
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'insufficient_scope' })
    expect(res.headers.get('www-authenticate')).toContain(`scope="${rule.scope}"`)
    expect(h.calls).toHaveLength(0)
  })

  it.each(cases)('refuses %s with an undeclared query parameter', async (_, rule, sample) => {
    const h = await createHarness()
    const path = `${sample.path}?notAParameter=1`
    const res = await send(h, rule, path, validBody(rule, sample))
    await expectRefused(h, res, 'invalid_request', 'notAParameter')
  })

  const typedQueries = cases.filter(([, , sample]) => sample.wrongQuery !== undefined)
  it.each(typedQueries)(
    'refuses %s with a query parameter of the wrong type',
    async (_, rule, sample) => {
      const h = await createHarness()
      const wrong = sample.wrongQuery as string
      const res = await send(h, rule, `${sample.path}?${wrong}`, validBody(rule, sample))
      await expectRefused(
        h,
        res,
        'invalid_request',
        decodeURIComponent(wrong.split('=')[0] as string)
      )
    }
  )

  const jsonCases = cases.filter(([, rule]) => rule.body.kind === 'json')
  it.each(jsonCases)('refuses %s with an unknown body field', async (_, rule, sample) => {
    const h = await createHarness()
    const body = JSON.stringify({ ...sample.body, notAField: true })
    await expectRefused(
      h,
      await send(h, rule, sample.path, { body }),
      'invalid_request',
      '/notAField'
    )
  })

  it.each(jsonCases)('refuses %s with a body field of the wrong type', async (_, rule, sample) => {
    const h = await createHarness()
    const { field, value } = sample.wrongBody as { field: string; value: unknown }
    const body = JSON.stringify({ ...sample.body, [field]: value })
    await expectRefused(
      h,
      await send(h, rule, sample.path, { body }),
      'invalid_request',
      `/${field}`
    )
  })

  it.each(jsonCases)('refuses %s without a JSON body', async (_, rule, sample) => {
    const h = await createHarness()
    await expectRefused(h, await send(h, rule, sample.path, {}), 'invalid_request')
  })

  const formCases = cases.filter(
    ([, rule]) => rule.body.kind === 'form' || rule.body.kind === 'stream'
  )
  it.each(formCases)('refuses %s with a part it does not take', async (_, rule, sample) => {
    const h = await createHarness()
    const res = await send(h, rule, sample.path, multipart([['notAPart', true]]))
    await expectRefused(h, res, 'invalid_request', 'notAPart')
  })

  it.each(formCases)('refuses %s as JSON instead of multipart', async (_, rule, sample) => {
    const h = await createHarness()
    const res = await send(h, rule, sample.path, { body: '{"file":"x"}' })
    await expectRefused(h, res, 'invalid_request')
  })
})

describe('sensitive fields', () => {
  const WIDENING: Record<string, unknown> = {
    source: 'https://example.com/clip.mp4',
    public: true,
    restreams: [{ name: 'Mine', serverUrl: 'rtmp://evil.example/live', streamKey: 'k' }],
  }
  const sensitive = jsonCases().flatMap(([label, rule, sample]) =>
    rule.body.kind === 'json'
      ? rule.body.sensitive.map((field) => [label, field.name, rule, sample] as const)
      : []
  )

  function jsonCases() {
    return cases.filter(([, rule]) => rule.body.kind === 'json')
  }

  it('covers source on POST /videos, public on videos and live streams, restreams on live streams', () => {
    expect(sensitive.map(([label, field]) => `${field} ${label}`).sort()).toEqual([
      'public PATCH /live-streams/{liveStreamId}',
      'public PATCH /videos/{videoId}',
      'public POST /live-streams',
      'public POST /videos',
      'restreams PATCH /live-streams/{liveStreamId}',
      'restreams POST /live-streams',
      'source POST /videos',
    ])
  })

  it.each(sensitive)(
    'refuses %s setting %s unless the deployment allows it',
    async (_, field, rule, sample) => {
      const body = JSON.stringify({ ...sample.body, [field]: WIDENING[field] })
      const h = await createHarness()
      await expectRefused(
        h,
        await send(h, rule, sample.path, { body }),
        'field_not_allowed',
        `/${field}`
      )
      const allowed = await createHarness({ broker: { allowSensitiveFields: [field as 'public'] } })
      await send(allowed, rule, sample.path, { body })
      expect(allowed.apiCalls()).toHaveLength(1)
    }
  )

  it('lets a browser narrow: public false and no restreams are always accepted', async () => {
    const h = await createHarness()
    const token = await h.mint()
    await h.api('/videos', token, { method: 'POST', body: '{"title":"t","public":false}' })
    await h.api('/live-streams', token, {
      method: 'POST',
      body: '{"name":"n","public":false,"restreams":[]}',
    })
    expect(h.apiCalls()).toHaveLength(2)
  })
})

describe('what a browser never reaches', () => {
  it.each(NEVER_FROM_A_BROWSER)('refuses %s whatever the scope', async (operation) => {
    const [method, template] = operation.split(' ') as [string, string]
    const path = template.replace(/\{[A-Za-z]+\}/g, 'to0123456789abcdefABCDEF')
    const h = await createHarness()
    const res = await h.api(path, await h.mint(), { method })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'route_not_allowed' })
    expect(h.calls).toHaveLength(0)
  })
})
