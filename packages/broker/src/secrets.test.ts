import { describe, expect, it, vi } from 'vitest'
import { createBroker } from './broker.ts'
import { consoleLogger } from './logger.ts'
import { brokerOptionsFromEnv } from './options/env.ts'
import { createHarness, type Harness, ORIGIN } from './test-support/harness.ts'

/** Everything a browser or a log reader could see. */
function createWitness() {
  const seen: string[] = []
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      seen.push(
        args
          .map((arg) =>
            arg instanceof Error ? `${arg.message} ${String(arg.cause)}` : String(arg)
          )
          .join(' ')
      )
    })
  }
  return {
    seen,
    async record(res: Response) {
      seen.push(JSON.stringify([...res.headers]), await res.text())
      return res
    },
  }
}

/**
 * An upstream that misbehaves the worst way: its error bodies quote the API key and the refresh
 * token it was sent, so only scrubbing keeps them out of logs and answers.
 */
function leakyUpstream(h: () => Harness): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (url.searchParams.has('leak')) {
      const [refresh] = [...h().issued.refreshTokens].slice(-1)
      return Response.json(
        {
          title: `Bad request for key ${h().emulator.apiKey}`,
          name: refresh,
          detail: h().emulator.apiKey,
          status: 400,
        },
        { status: 400, headers: { 'content-type': 'application/problem+json' } }
      )
    }
    if (url.pathname === '/auth/refresh') {
      const { refreshToken } = (await request.clone().json()) as { refreshToken: string }
      const res = await h().upstreamFetch(request)
      if (res.ok) return res
      return Response.json(
        { title: `The refresh token ${refreshToken} is invalid.`, status: 401 },
        { status: 401 }
      )
    }
    return h().upstreamFetch(request)
  }) as typeof fetch
}

describe('secrets', () => {
  it('never show the API key, a refresh token or the signing key in any answer or log line', async () => {
    const witness = createWitness()
    let harness: Harness | undefined
    const h = await createHarness({
      emulator: { accessTokenTtlSeconds: 100 },
      broker: {
        logger: consoleLogger,
        fetch: leakyUpstream(() => harness as Harness),
        random: () => 0,
      },
    })
    harness = h
    const { record } = witness

    await record(await h.request('/.well-known/jwks.json'))
    const token = await h.token()
    await record(
      await h.request('/v1/token', { method: 'POST', headers: { origin: 'https://evil.example' } })
    )
    await record(await h.api('/videos', token))
    await record(await h.api('/videos?leak=1', token))
    await record(
      await h.request('/v1/upload-token', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      })
    )
    h.advance(81_000)
    await record(await h.api('/videos', token))
    await h.settle()
    h.emulator.revokeAllTokens()
    await record(await h.api('/videos', token))
    h.emulator.faults.add({ kind: 'error', path: '/auth/*', status: 500 })
    h.advance(200_000)
    await record(await h.api('/videos', await h.token()))
    await h.settle()

    const passthrough = await createHarness({
      broker: { tokenMode: 'passthrough', logger: consoleLogger },
    })
    await record(
      await passthrough.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
    )

    try {
      createBroker(
        brokerOptionsFromEnv({
          APIVIDEO_API_KEY: 'k',
          KEYWARD_SIGNING_KEY: `{"d":"${h.signingKey.d}"`,
        })
      )
    } catch (error) {
      witness.seen.push(String(error), JSON.stringify(error))
    }

    const secrets = [
      h.emulator.apiKey,
      passthrough.emulator.apiKey,
      h.signingKey.d as string,
      passthrough.signingKey.d as string,
      ...h.issued.refreshTokens,
      ...passthrough.issued.refreshTokens,
    ]
    expect(h.issued.refreshTokens.size).toBeGreaterThanOrEqual(3)
    expect(witness.seen.join('\n')).toContain('upstream.refresh_failed')
    for (const line of witness.seen) {
      for (const secret of secrets) expect(line).not.toContain(secret)
      // In broker mode the upstream access tokens stay inside too.
      for (const accessToken of h.issued.accessTokens) expect(line).not.toContain(accessToken)
    }
  })
})
