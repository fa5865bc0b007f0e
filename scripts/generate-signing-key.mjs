#!/usr/bin/env node
// Prints a new Ed25519 private JWK (with kid) for KEYWARD_SIGNING_KEY, on one line.
// Usage: node scripts/generate-signing-key.mjs | wrangler secret put KEYWARD_SIGNING_KEY
import { generateKeyPairSync, randomBytes } from 'node:crypto'

const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })
process.stdout.write(
  `${JSON.stringify({ ...jwk, alg: 'EdDSA', kid: randomBytes(8).toString('hex') })}\n`
)
