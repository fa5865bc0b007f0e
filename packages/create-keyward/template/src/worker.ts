import { createWorker, DpopReplay, TokenVault } from '@keyward/broker/cloudflare'

// Wrangler finds the Durable Object classes among the main module's exports (wrangler.jsonc).
export { DpopReplay, TokenVault }

// The broker: /v1/token, /v1/upload-token, the scope-checked proxy /v1/api/* and the JWKS,
// configured from the vars and secrets in wrangler.jsonc and .dev.vars.
export default createWorker()
