import { exportJWK, generateKeyPair } from 'jose'
import { BENCH_ORIGIN } from './bench-stack.ts'
import { benchUserJwt, ownershipVars } from './bench-user.ts'
import type { HotPathVariant } from './hot-path-variants.ts'

// One user key for the whole run: the variant's brokers verify user JWTs with its public half.
const { privateKey, publicKey } = await generateKeyPair('ES256')
const publicJwk = { ...(await exportJWK(publicKey)), kid: 'bench-user', alg: 'ES256' }

/**
 * Ownership mode (`OWNERSHIP=metadata`): the proxied list is made by a signed-in user, so the
 * broker narrows it to that user's videos (a forced metadata filter) before forwarding.
 */
export const ownershipVariant: HotPathVariant = {
  name: 'ownership',
  description: 'ownership checks (`OWNERSHIP=metadata`, a signed-in user)',
  vars: ownershipVars(publicJwk),
  async token(brokerUrl) {
    const userJwt = await benchUserJwt(privateKey, 'bench-user')
    const res = await fetch(`${brokerUrl}/v1/token`, {
      method: 'POST',
      headers: { origin: BENCH_ORIGIN, authorization: `Bearer ${userJwt}` },
    })
    if (!res.ok)
      throw new Error(`${brokerUrl}/v1/token answered ${res.status}: ${await res.text()}`)
    return ((await res.json()) as { access_token: string }).access_token
  },
}
