import ApiVideoClient from '@api.video/nodejs-client'
import type { CreateEmulatorOptions, Emulator } from '../emulator.ts'
import { type Listening, listen } from '../server.ts'
import { API_KEY, setup } from './harness.ts'

export interface OfficialClientRig {
  emulator: Emulator
  server: Listening
  /** api.video's unmodified Node.js client, pointed at the emulator over real HTTP. */
  client: ApiVideoClient
}

/** Serves a fresh emulator on 127.0.0.1, on a free port, with the official client aimed at it. */
export async function officialClientRig(
  options: CreateEmulatorOptions = {}
): Promise<OfficialClientRig> {
  const emulator = setup(options)
  const server = await listen(emulator, { port: 0, host: '127.0.0.1' })
  const client = new ApiVideoClient({ apiKey: API_KEY, baseUri: server.url })
  return { emulator, server, client }
}

/** What the client throws for an error answer: its status and the problem it parsed. */
export function apiError(status: number, slug: string) {
  return { code: status, problemDetails: { type: `https://docs.api.video/reference/${slug}` } }
}
