import { describe, expect, it } from 'vitest'
import { createVaultHarness, type VaultHarness } from '../test-support/vault-harness.ts'
import { createMemoryVaultStorage, type VaultStorage } from './storage.ts'

/** api.video tokens live 100 s here; with random() = 0.5 the vault renews at exactly 80 s. */
const LIFETIME = { accessTokenTtlSeconds: 100 }

async function tokenOf(h: VaultHarness, extra: { minValidityMs?: number } = {}) {
  const answer = await h.vault.getToken(h.request(extra))
  if (!answer.ok) throw new Error(`the vault answered ${answer.code}`)
  return answer.token
}

/** Lets the event loop run until `done()` holds (a call reached a held gate, say). */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !done(); turn++) await new Promise((r) => setTimeout(r, 0))
  expect(done()).toBe(true)
}

/** A memory storage that also writes each operation into `events`. */
function recordedStorage(events: string[]): VaultStorage {
  const storage = createMemoryVaultStorage()
  return {
    load: storage.load,
    clear: storage.clear,
    save: async (record) => {
      events.push(record.token?.refreshToken ? 'save pair' : 'save spent')
      await storage.save(record)
    },
    schedule: async (at) => {
      events.push(at === undefined ? 'disarm' : 'arm')
      await storage.schedule(at)
    },
  }
}

describe('the token vault core', () => {
  it('makes one exchange for 100 concurrent callers of a cold vault, all getting the same token', async () => {
    const h = await createVaultHarness()
    const answers = await Promise.all(Array.from({ length: 100 }, () => tokenOf(h)))
    expect(new Set(answers.map((token) => token.accessToken)).size).toBe(1)
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
    expect(h.storage.peek()?.token?.accessToken).toBe(answers[0]?.accessToken)
  })

  it('persists the new pair before answering anyone, and the spent refresh token before sending it', async () => {
    const events: string[] = []
    const h = await createVaultHarness({
      emulator: LIFETIME,
      vault: { storage: recordedStorage(events) },
    })
    await tokenOf(h)
    events.push('answered')
    h.advance(81_000)
    await h.core().alarm()
    events.push('renewed')
    expect(events).toEqual([
      'save pair',
      'arm',
      'answered',
      'save spent',
      'save pair',
      'arm',
      'renewed',
    ])
    expect(h.authCalls.map((call) => call.path)).toEqual(['/auth/api-key', '/auth/refresh'])
  })

  it('renews from the alarm at about 80 % of the lifetime, rotating the refresh token', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    const first = await tokenOf(h)
    expect(first.renewAt).toBe(first.issuedAt + 80_000)
    expect(h.storage.alarm()).toBe(first.renewAt)
    const firstRefreshToken = h.storage.peek()?.token?.refreshToken

    h.advance(60_000)
    await h.core().alarm()
    expect(h.authCalls).toHaveLength(1)
    expect(h.storage.alarm()).toBe(first.renewAt)

    h.advance(21_000)
    await h.core().alarm()
    const second = await tokenOf(h)
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(h.authCalls[1]).toEqual({ path: '/auth/refresh', refreshToken: firstRefreshToken })
    expect(h.storage.peek()?.token?.refreshToken).not.toBe(firstRefreshToken)
    expect(h.storage.alarm()).toBe(second.renewAt)
    expect(h.emulator.stats().auth).toMatchObject({
      apiKey: { succeeded: 1, failed: 0 },
      refresh: { succeeded: 1, failed: 0 },
    })
  })

  it('jitters the renewal between 75 % and 85 % of the lifetime', async () => {
    const early = await createVaultHarness({ emulator: LIFETIME, vault: { random: () => 0 } })
    const late = await createVaultHarness({ emulator: LIFETIME, vault: { random: () => 0.999 } })
    const a = await tokenOf(early)
    const b = await tokenOf(late)
    expect(a.renewAt - a.issuedAt).toBe(75_000)
    expect(b.renewAt - b.issuedAt).toBeGreaterThan(84_000)
    expect(b.renewAt - b.issuedAt).toBeLessThan(85_000)
  })

  it('never presents a refresh token twice, even when evicted while the refresh is in flight', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    await tokenOf(h)
    h.advance(81_000)
    const release = h.hold('/auth/refresh')
    const lost = h.core().alarm()
    await until(() => h.authCalls.length === 2)
    expect(h.storage.peek()?.token?.refreshToken).toBeUndefined()

    h.restart()
    const after = await tokenOf(h)
    expect(h.authCalls.map((call) => call.path)).toEqual([
      '/auth/api-key',
      '/auth/refresh',
      '/auth/api-key',
    ])
    expect(h.storage.peek()?.token?.accessToken).toBe(after.accessToken)
    release()
    await lost
  })

  it('recovers a lost refresh answer with the API key, then rotates normally again', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    const first = await tokenOf(h)
    h.emulator.faults.add({ kind: 'drop', path: '/auth/refresh', times: 1 })
    h.advance(81_000)
    await h.core().alarm()
    const second = await tokenOf(h)
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(h.emulator.stats()).toMatchObject({
      dropped: 1,
      auth: { apiKey: { succeeded: 2, failed: 0 } },
    })
    expect(h.logs.find((line) => line.event === 'upstream.refresh_failed')?.fields.reason).toBe(
      'lost'
    )

    h.advance(81_000)
    await h.core().alarm()
    expect(h.emulator.stats().auth.refresh).toEqual({ succeeded: 2, failed: 0 })
    const refreshTokens = h.authCalls.flatMap((call) => call.refreshToken ?? [])
    expect(new Set(refreshTokens).size).toBe(refreshTokens.length)
  })

  it('keeps serving the valid token while api.video auth fails, re-arming with growing jittered backoff', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    const held = await tokenOf(h)
    h.emulator.faults.add({ kind: 'error', path: '/auth/*', status: 503 })
    h.advance(81_000)
    const gaps: number[] = []
    for (let attempt = 0; attempt < 4; attempt++) {
      await h.core().alarm()
      gaps.push((h.storage.alarm() ?? 0) - h.now())
      const served = await tokenOf(h)
      expect(served.accessToken).toBe(held.accessToken)
      expect(served.renewAt).toBe(h.storage.alarm())
      h.advance(gaps.at(-1) ?? 0)
    }
    // Equal jitter with random() = 0.5: three quarters of 1 s, 2 s, 4 s, then half of what is left
    // of the token's usable life (8.75 s), so attempts get denser as expiry nears.
    expect(gaps).toEqual([750, 1500, 3000, 4375])
    // Bounded: one refresh (its token is then spent), and each attempt one key exchange plus 2 retries.
    expect(h.emulator.stats().auth).toMatchObject({
      refresh: { succeeded: 0, failed: 1 },
      apiKey: { succeeded: 1, failed: 12 },
    })
    expect(h.logs.filter((line) => line.event === 'vault.renewal_failed')).toHaveLength(4)
  })

  it('refuses with Retry-After once the token truly expires, fast while cooling down, and recovers by itself', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    await tokenOf(h)
    h.emulator.faults.add({ kind: 'error', path: '/auth/*', status: 503 })
    h.advance(95_000)
    const refused = await h.vault.getToken(h.request())
    expect(refused).toMatchObject({ ok: false, code: 'upstream_error' })
    const retryAfter = refused.ok ? 0 : refused.retryAfterSeconds
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    const calls = h.authCalls.length
    expect(await h.vault.getToken(h.request())).toMatchObject({
      ok: false,
      code: 'upstream_unavailable',
    })
    expect(h.authCalls).toHaveLength(calls)

    h.emulator.faults.clear()
    h.advance(retryAfter * 1000)
    expect(h.storage.alarm()).toBeLessThanOrEqual(h.now())
    await h.core().alarm()
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(2)
    expect(await h.vault.getToken(h.request())).toMatchObject({ ok: true })
  })

  it('stops retrying when api.video refuses the API key, serving the valid token to its end', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    const held = await tokenOf(h)
    h.emulator.faults.add({ kind: 'error', path: '/auth/refresh', status: 401 })
    h.emulator.faults.add({ kind: 'error', path: '/auth/api-key', status: 400 })
    h.advance(81_000)
    await h.core().alarm()
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 1, failed: 1 })
    expect(h.storage.alarm()).toBeUndefined()
    const served = await tokenOf(h)
    expect(served.accessToken).toBe(held.accessToken)
    expect(served.renewAt).toBe(held.expiresAt - 5_000)
    expect(h.logs.some((line) => line.event === 'upstream.api_key_rejected')).toBe(true)
  })

  it('gives 20 isolates refused the same token one renewal, and a late one the current token', async () => {
    const h = await createVaultHarness()
    const first = await tokenOf(h)
    h.emulator.revokeAllTokens()
    const rejected = first.accessToken
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => h.vault.renew({ ...h.request(), rejected }))
    )
    const tokens = new Set(answers.map((answer) => (answer.ok ? answer.token.accessToken : '')))
    expect(tokens.size).toBe(1)
    expect(tokens.has(rejected)).toBe(false)
    const late = await h.vault.renew({ ...h.request(), rejected })
    expect(late.ok && tokens.has(late.token.accessToken)).toBe(true)
    expect(h.emulator.stats().auth).toMatchObject({
      apiKey: { succeeded: 2, failed: 0 },
      refresh: { succeeded: 0, failed: 1 },
    })
  })

  it('waits for a renewal under way instead of handing out the token it is about to revoke', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    const first = await tokenOf(h)
    h.advance(81_000)
    const release = h.hold('/auth/refresh')
    const alarm = h.core().alarm()
    await until(() => h.authCalls.length === 2)
    const asked = tokenOf(h)
    release()
    const [answer] = await Promise.all([asked, alarm])
    expect(answer.accessToken).not.toBe(first.accessToken)
    expect(answer.accessToken).toBe(h.storage.peek()?.token?.accessToken)
  })

  it('renews a token handed to a passthrough caller with the API key: a refresh would revoke it', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    const handed = await tokenOf(h)
    await h.vault.getToken({ ...h.request(), renewal: 'api-key' })
    expect(h.storage.peek()?.token?.handedOut).toBe(true)
    h.advance(81_000)
    await h.core().alarm()
    expect(h.authCalls.map((call) => call.path)).toEqual(['/auth/api-key', '/auth/api-key'])
    const res = await h.emulator.fetch('/videos', {
      headers: { authorization: `Bearer ${handed.accessToken}` },
    })
    expect(res.status).toBe(200)
  })

  it('carries on after an eviction with the stored pair: no new exchange, the stored refresh token', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    const first = await tokenOf(h)
    h.restart()
    expect((await tokenOf(h)).accessToken).toBe(first.accessToken)
    h.advance(81_000)
    await h.core().alarm()
    expect(h.emulator.stats().auth).toMatchObject({
      apiKey: { succeeded: 1, failed: 0 },
      refresh: { succeeded: 1, failed: 0 },
    })
  })

  it('refuses a caller of another credential, and drops the record of a key that was replaced', async () => {
    const h = await createVaultHarness()
    expect(await h.vault.getToken({ ...h.request(), credential: 'apivideo-other' })).toMatchObject({
      ok: false,
      code: 'invalid_config',
    })
    await tokenOf(h)
    const record = h.storage.peek()
    if (!record) throw new Error('nothing stored')
    await h.storage.save({ ...record, credential: 'apivideo-replaced-key' })
    h.restart()
    h.advance(3_000_000)
    await h.core().alarm()
    expect(h.storage.peek()).toBeUndefined()
    expect(h.storage.alarm()).toBeUndefined()
    expect(h.authCalls).toHaveLength(1)
    expect(h.logs.some((line) => line.event === 'vault.state_discarded')).toBe(true)
  })

  it('keeps the API key and the tokens out of its log lines', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    const first = await tokenOf(h)
    h.emulator.faults.add({ kind: 'drop', path: '/auth/refresh', times: 1 })
    h.advance(81_000)
    await h.core().alarm()
    const text = JSON.stringify(h.logs)
    expect(h.logs.length).toBeGreaterThan(2)
    for (const secret of [h.emulator.apiKey, first.accessToken]) expect(text).not.toContain(secret)
  })
})
