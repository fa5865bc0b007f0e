import { importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose'
import { BrokerError } from '../errors.ts'
import type { Scope } from '../options.ts'

export interface BrokerTokenClaims extends JWTPayload {
  sub: string
  client_id: string
  scope: string
}

export interface SignerOptions {
  signingKey: JWK
  issuer: string
  audience: string
  now: () => number
}

const ALGORITHMS: Record<string, string> = { Ed25519: 'EdDSA', 'P-256': 'ES256' }

/** Signs and verifies broker tokens (RFC 9068 `at+jwt`), and publishes the public key set. */
export function createSigner({ signingKey, issuer, audience, now }: SignerOptions) {
  const alg = signingKey.alg ?? ALGORITHMS[signingKey.crv ?? ''] ?? 'EdDSA'
  const kid = signingKey.kid as string
  const { d: _d, ...publicJwk } = signingKey
  let keys: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> | undefined
  // Imported on first use: Workers forbid crypto work at module scope.
  const imported = () => {
    keys ??= Promise.all([importJWK(signingKey, alg), importJWK(publicJwk, alg)]).then(
      ([privateKey, publicKey]) => ({
        privateKey: privateKey as CryptoKey,
        publicKey: publicKey as CryptoKey,
      })
    )
    return keys
  }

  return {
    async sign(input: { sub: string; clientId: string; scopes: Scope[]; ttlSeconds: number }) {
      const iat = Math.floor(now() / 1000)
      return new SignJWT({ scope: input.scopes.join(' '), client_id: input.clientId })
        .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(input.sub)
        .setIssuedAt(iat)
        .setExpirationTime(iat + input.ttlSeconds)
        .setJti(crypto.randomUUID())
        .sign((await imported()).privateKey)
    },

    async verify(token: string): Promise<BrokerTokenClaims> {
      try {
        const { payload } = await jwtVerify(token, (await imported()).publicKey, {
          algorithms: [alg],
          issuer,
          audience,
          typ: 'at+jwt',
          clockTolerance: 5,
          currentDate: new Date(now()),
          requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        })
        return payload as BrokerTokenClaims
      } catch (cause) {
        throw new BrokerError('invalid_token', {
          cause,
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        })
      }
    },

    jwks: () => ({ keys: [{ ...publicJwk, alg, use: 'sig', kid }] }),
  }
}

export type Signer = ReturnType<typeof createSigner>
