import { createHash, webcrypto } from 'node:crypto'
import type { Page, Response } from '@playwright/test'
import { stack } from './stack.ts'

// Node's own DPoP signer (RFC 9449 §4.2), written apart from @keyward/client: an attacker's tool,
// holding a key of its own.
const b64url = (bytes: Uint8Array | ArrayBuffer | string) =>
  Buffer.from(typeof bytes === 'string' ? bytes : new Uint8Array(bytes)).toString('base64url')

export interface NodeSigner {
  /** A proof for `method` and `url`, bound to `accessToken` when given. */
  proof(method: string, url: string, accessToken?: string): Promise<string>
  /** The SHA-256 thumbprint of its public key (RFC 7638). */
  jkt: string
}

/**
 * The clock the local broker follows (the emulator's, which other journeys move ahead), in epoch
 * ms: a proof's `iat` must be within the broker's window of it.
 */
export async function brokerNow(): Promise<number> {
  const response = await fetch(`${stack.emulator}/_emulator/clock`)
  return ((await response.json()) as { epochMs: number }).epochMs
}

export async function nodeSigner(): Promise<NodeSigner> {
  const offset = (await brokerNow()) - Date.now()
  const { privateKey, publicKey } = await webcrypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign', 'verify']
  )
  const { crv, kty, x, y } = await webcrypto.subtle.exportKey('jwk', publicKey)
  const jwk = { crv, kty, x, y }
  return {
    jkt: thumbprint(jwk),
    async proof(method, url, accessToken) {
      const header = { typ: 'dpop+jwt', alg: 'ES256', jwk }
      const { origin, pathname } = new URL(url)
      const claims = {
        jti: webcrypto.randomUUID(),
        htm: method,
        htu: origin + pathname,
        iat: Math.floor((Date.now() + offset) / 1000),
        ...(accessToken
          ? { ath: createHash('sha256').update(accessToken).digest('base64url') }
          : {}),
      }
      const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`
      const signature = await webcrypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        privateKey,
        Buffer.from(input)
      )
      return `${input}.${b64url(signature)}`
    },
  }
}

type JwkMembers = { [member in 'crv' | 'kty' | 'x' | 'y']?: string | undefined }

/** RFC 7638: the required members of an EC key, in lexicographic order, hashed. */
export function thumbprint({ crv, kty, x, y }: JwkMembers) {
  return createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url')
}

/** The claims of a JWT, read without verifying. */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString())
}

/** The protected header of a JWS, read without verifying. */
export function headerOf(jws: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString())
}

/** A request the page sent to the broker, with every header as sent and the status it got. */
export interface SeenRequest {
  method: string
  url: string
  headers: Record<string, string>
  status: number
}

/** Records every request the page sends to the broker (preflights aside), once answered. */
export function recordBrokerRequests(page: Page): SeenRequest[] {
  const seen: SeenRequest[] = []
  page.on('response', async (response: Response) => {
    const request = response.request()
    if (!request.url().startsWith(stack.broker) || request.method() === 'OPTIONS') return
    seen.push({
      method: request.method(),
      url: request.url(),
      headers: await request.allHeaders(),
      status: response.status(),
    })
  })
  return seen
}

/** Calls the broker from Node, as curl would, and reads its problem code. */
export async function fromNode(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string
): Promise<{ status: number; code: unknown; json: Record<string, unknown> }> {
  const response = await fetch(url, { method, headers, ...(body ? { body } : {}) })
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>
  return { status: response.status, code: json.code, json }
}

/** A user of the app, signed in from Node with a DPoP key of its own: a token and a caller. */
export interface NodeUser {
  token: string
  signer: NodeSigner
  /** A proxied call with this user's token and a fresh proof: status and problem code. */
  call(method: string, path: string): Promise<{ status: number; code: unknown }>
}

/** Signs `user` in at the development identity provider, then gets a DPoP-bound broker token. */
export async function signInFromNode(user: 'alice' | 'bob' | 'admin'): Promise<NodeUser> {
  const signedIn = await fetch(`${stack.identity}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  })
  const { id_token: userJwt } = (await signedIn.json()) as { id_token: string }
  const signer = await nodeSigner()
  const tokenUrl = `${stack.broker}/v1/token`
  const issued = await fromNode('POST', tokenUrl, {
    origin: new URL(stack.demo).origin,
    authorization: `Bearer ${userJwt}`,
    dpop: await signer.proof('POST', tokenUrl),
  })
  const token = issued.json.access_token
  if (typeof token !== 'string') throw new Error(`no broker token for ${user}: ${issued.status}`)
  return {
    token,
    signer,
    async call(method, path) {
      const url = `${stack.broker}/v1/api${path}`
      const { status, code } = await fromNode(method, url, {
        authorization: `DPoP ${token}`,
        dpop: await signer.proof(method, url, token),
      })
      return { status, code }
    },
  }
}
