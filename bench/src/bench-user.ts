// The bench's signed-in user for ownership mode (`OWNERSHIP=metadata`): the broker settings that
// trust its key, and its user JWT. Web APIs only: the loop Worker uses it inside workerd too.

import { type JWK, SignJWT } from 'jose'

const ISSUER = 'https://id.bench.keyward.test'
const AUDIENCE = 'keyward-bench'

/** The broker vars of ownership mode, verifying user JWTs with `publicJwk` (its `kid` included). */
export function ownershipVars(publicJwk: JWK): Record<string, string> {
  return {
    OWNERSHIP: 'metadata',
    USER_JWT_PUBLIC_KEY: JSON.stringify(publicJwk),
    USER_JWT_ISSUER: ISSUER,
    USER_JWT_AUDIENCE: AUDIENCE,
  }
}

/** Alice's user JWT (ES256, `videos:read`, two hours), signed with `privateKey` under `kid`. */
export function benchUserJwt(
  privateKey: Parameters<SignJWT['sign']>[0],
  kid: string
): Promise<string> {
  return new SignJWT({ scope: 'videos:read' })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('alice')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey)
}
