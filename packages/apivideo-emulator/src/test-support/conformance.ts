import { expect } from 'vitest'
import type { Emulator } from '../emulator.ts'
import { call, jsonOf, setup } from './harness.ts'
import { expectConforms } from './openapi.ts'

export const FAKE_LIVE = 'li0000000000000000000000'
export const FAKE_PLAYER = 'pl0000000000000000000000'

export async function createLiveStream(emulator: Emulator, json: Record<string, unknown> = {}) {
  const res = await call(emulator, '/live-streams', { json: { name: 'Live', ...json } })
  return jsonOf<{ liveStreamId: string; streamKey: string }>(res)
}

/** Sends the request twice on a one-per-minute limit: the second answer must be a conforming 429. */
export async function expectRateLimited(
  path: string,
  method: string,
  specPath: string,
  init = {}
): Promise<void> {
  const emulator = setup({ rateLimits: { reads: 1, writes: 1, uploads: 1 } })
  await call(emulator, path, { method, ...init })
  const res = await call(emulator, path, { method, ...init })
  expect(res.status).toBe(429)
  await expectConforms(res, method, specPath)
}
