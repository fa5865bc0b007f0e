import { describe, expect, it, vi } from 'vitest'
import { createApi } from './api.ts'
import { createFakeBroker, TOKEN_URL } from './test-support/fake-broker.ts'
import { createTokenSource } from './token-source.ts'

// The real ky 1 (installed as `ky-v1`) in place of ky 2: what a project on Node 20 gets from
// `npm install @keyward/client ky`.
vi.mock('ky', async () => await import('ky-v1'))

describe('createApi with ky 1', () => {
  it('refuses it with unsupported_ky, naming the version to install', () => {
    const broker = createFakeBroker()
    const tokens = createTokenSource({ url: TOKEN_URL, fetch: broker.fetch })
    let error: unknown
    try {
      createApi({ tokens, prefix: 'https://broker.test/v1/api' })
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ name: 'KeywardError', code: 'unsupported_ky' })
    expect((error as Error).message).toContain('ky@^2')
    expect(broker.apiRequests).toHaveLength(0)
  })
})
