import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { BENCH_ORIGIN } from './bench-stack.ts'
import type { HotPathVariant } from './hot-path-variants.ts'

const ISSUER = 'https://id.bench.keyward.test'
const AUDIENCE = 'keyward-bench'

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
  vars: {
    OWNERSHIP: 'metadata',
    USER_JWT_PUBLIC_KEY: JSON.stringify(publicJwk),
    USER_JWT_ISSUER: ISSUER,
    USER_JWT_AUDIENCE: AUDIENCE,
  },
  async token(brokerUrl) {
    const userJwt = await new SignJWT({ scope: 'videos:read' })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench-user' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('alice')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey)
    const res = await fetch(`${brokerUrl}/v1/token`, {
      method: 'POST',
      headers: { origin: BENCH_ORIGIN, authorization: `Bearer ${userJwt}` },
    })
    if (!res.ok)
      throw new Error(`${brokerUrl}/v1/token answered ${res.status}: ${await res.text()}`)
    return ((await res.json()) as { access_token: string }).access_token
  },
}
