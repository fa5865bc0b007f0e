// The Keyward broker on Cloudflare Workers: the package's ready Worker, its token vault and its
// DPoP replay cache, bound as TOKEN_VAULT and DPOP_REPLAY in wrangler.jsonc. Everything else is
// configuration (vars and secrets).
import { createWorker } from '@keyward/broker/cloudflare'

export { DpopReplay, TokenVault } from '@keyward/broker/cloudflare'

export default createWorker()
