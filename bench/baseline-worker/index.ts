import { Hono } from 'hono'
import { generateKeyPair, SignJWT } from 'jose'

// The smallest useful token Worker: one Hono route that signs one EdDSA JWT.
const app = new Hono()
let key: Promise<CryptoKey> | undefined

app.get('/static', (c) => c.json({ ok: true }))
app.post('/token', async (c) => {
  key ??= generateKeyPair('EdDSA', { crv: 'Ed25519' }).then((pair) => pair.privateKey)
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({ scope: 'videos:read' })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' })
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(await key)
  return c.json({ access_token: token, token_type: 'Bearer', expires_in: 300 })
})

export default app
