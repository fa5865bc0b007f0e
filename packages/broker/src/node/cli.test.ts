import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createBroker } from '../broker.ts'

const CLI = join(import.meta.dirname, 'cli.ts')

/** Runs the bin as a user would, with only `env` (and PATH) in its environment. */
function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        resolve({ exitCode, stdout, stderr })
      }
    )
  })
}

describe('the keyward-broker bin', { timeout: 60_000 }, () => {
  it('names every missing or invalid variable at once, with Node hints, and exits 1', async () => {
    const { exitCode, stderr } = await run([], {
      TOKEN_TTL_SECONDS: '5',
      ALLOWED_ORIGINS: 'https://app.example.com/',
      LOG_LEVEL: 'debug',
    })
    expect(exitCode).toBe(1)
    expect(stderr).toContain('5 problems')
    for (const name of [
      'APIVIDEO_API_KEY is missing',
      'KEYWARD_SIGNING_KEY is missing',
      'TOKEN_TTL_SECONDS',
      'ALLOWED_ORIGINS',
      'LOG_LEVEL',
    ]) {
      expect(stderr).toContain(name)
    }
    expect(stderr).toContain('npx @keyward/broker generate-key')
    expect(stderr).not.toContain('wrangler')
  })

  it('prints a new signing key the broker accepts', async () => {
    const { exitCode, stdout } = await run(['generate-key'])
    expect(exitCode).toBe(0)
    const key = JSON.parse(stdout)
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' })
    expect(key.kid).toMatch(/^[0-9a-f]{16}$/)
    const broker = createBroker({ apiKey: 'a-key', allowedOrigins: [], signingKey: key })
    const jwks = (await (await broker.request('/.well-known/jwks.json')).json()) as {
      keys: Array<Record<string, unknown>>
    }
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: key.kid, x: key.x, alg: 'EdDSA' })])
    expect(jwks.keys[0]).not.toHaveProperty('d')
  })

  it('names PORT when it is not a port number, and exits 1', async () => {
    const { exitCode, stderr } = await run([], { PORT: 'http' })
    expect(exitCode).toBe(1)
    expect(stderr).toContain('PORT must be a port number from 0 to 65535')
  })

  it('names HOST when it is not an address of this machine, and exits 1', async () => {
    const key = JSON.parse((await run(['generate-key'])).stdout)
    const { exitCode, stderr } = await run([], {
      APIVIDEO_API_KEY: 'a-key',
      KEYWARD_SIGNING_KEY: JSON.stringify(key),
      ALLOWED_ORIGINS: 'https://app.example.com',
      PORT: '0',
      HOST: '1.2.3.4.5',
    })
    expect(exitCode).toBe(1)
    expect(stderr).toContain('HOST 1.2.3.4.5 is not an address of this machine')
  })

  it('refuses an unknown command with its usage and exit code 2', async () => {
    const { exitCode, stderr } = await run(['serv'])
    expect(exitCode).toBe(2)
    expect(stderr).toContain('generate-key')
  })
})
