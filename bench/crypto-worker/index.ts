import { generateKeyPair, generateSecret, jwtVerify, SignJWT } from 'jose'

type Alg = 'EdDSA' | 'ES256' | 'HS256'
interface Keys {
  sign: CryptoKey
  verify: CryptoKey
}

const ISS = 'keyward-bench'
const AUD = 'keyward-api'

// Workers forbid randomness at module scope: keys are made on the first request and kept.
let keys: Promise<Record<Alg, Keys>> | undefined

async function makeKeys(): Promise<Record<Alg, Keys>> {
  const ed = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
  const es = await generateKeyPair('ES256')
  const hs = await generateSecret('HS256')
  return {
    EdDSA: { sign: ed.privateKey, verify: ed.publicKey },
    ES256: { sign: es.privateKey, verify: es.publicKey },
    HS256: { sign: hs, verify: hs },
  }
}

function sign(alg: Alg, key: CryptoKey, sub: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ scope: 'videos:read videos:write', client_id: 'bench' })
    .setProtectedHeader({ alg, kid: `${alg}-1`, typ: 'at+jwt' })
    .setIssuer(ISS)
    .setAudience(AUD)
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(crypto.randomUUID())
    .sign(key)
}

/** `GET /?alg=EdDSA&op=sign&n=2000`: n sequential operations; local workerd advances Date.now(). */
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const alg = (url.searchParams.get('alg') ?? 'EdDSA') as Alg
    const op = url.searchParams.get('op') === 'verify' ? 'verify' : 'sign'
    const n = Math.min(Number(url.searchParams.get('n') ?? 1000), 20_000)
    keys ??= makeKeys()
    const key = (await keys)[alg]
    if (!key) return Response.json({ error: 'unknown alg' }, { status: 400 })
    const token = await sign(alg, key.sign, 'fixture')
    let sink = 0
    const started = Date.now()
    for (let i = 0; i < n; i++) {
      if (op === 'sign') sink += (await sign(alg, key.sign, `user-${i}`)).length
      else {
        const { payload } = await jwtVerify(token, key.verify, {
          algorithms: [alg],
          issuer: ISS,
          audience: AUD,
          typ: 'at+jwt',
        })
        sink += String(payload.sub).length
      }
    }
    return Response.json({ alg, op, n, elapsedMs: Date.now() - started, sink })
  },
}
