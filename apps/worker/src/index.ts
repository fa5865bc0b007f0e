// The Keyward broker on Cloudflare Workers: the package's ready Worker and its token vault, bound
// as TOKEN_VAULT in wrangler.jsonc. Everything else is configuration (vars and secrets).
import { createWorker } from '@keyward/broker/cloudflare'

export { TokenVault } from '@keyward/broker/cloudflare'

export default createWorker()
