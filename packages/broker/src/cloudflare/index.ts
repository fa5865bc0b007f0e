// @keyward/broker/cloudflare: the broker as a Cloudflare Worker, with its token vault Durable
// Object. The only entry that imports `cloudflare:workers`.
export { DpopReplay, durableReplayCache } from './dpop-replay.ts'
export type { DpopReplayObject, KeywardWorkerEnv, VaultObject } from './env.ts'
export { TokenVault } from './token-vault.ts'
export { upstreamFromEnv } from './upstream.ts'
export { type CreateWorkerOptions, createWorker } from './worker.ts'
