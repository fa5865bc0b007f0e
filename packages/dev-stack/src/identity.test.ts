import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEmulator } from '@keyward/apivideo-emulator'
import { listen } from '@keyward/apivideo-emulator/node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DevStackError } from './errors.ts'
import { brokerIdentity, demoIdentity, emulatorIdentity, waitForService } from './identity.ts'
import { freePort, type Service, startService, stopService } from './process.ts'
import { nodeService, stranger } from './test-support/servers.ts'

let dir: string
const cleanups: Array<() => Promise<unknown> | unknown> = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-stack-identity-'))
})
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  rmSync(dir, { recursive: true, force: true })
})

/** A live process of ours that listens nowhere: whatever answers is someone else. */
function idleService(): Service {
  const service = nodeService('broker', 'setInterval(() => {}, 1000)', join(dir, 'idle.log'))
  cleanups.push(() => stopService(service))
  return service
}

async function rejection(promise: Promise<unknown>): Promise<DevStackError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  if (!(error instanceof DevStackError)) throw new Error(`expected a DevStackError, got ${error}`)
  return error
}

describe('waiting for a service to answer as itself', () => {
  it('accepts the broker whose JWKS publishes our key', async () => {
    const { url, server } = await stranger({ keys: [{ kid: 'dev-ours', kty: 'OKP' }] })
    cleanups.push(() => server.close())

    await expect(
      waitForService(`${url}/.well-known/jwks.json`, idleService(), {
        identify: brokerIdentity('dev-ours'),
      })
    ).resolves.toBeUndefined()
  })

  it('fails with not_our_service when another JWKS answers on the broker port', async () => {
    const { url, server } = await stranger({ keys: [{ kid: 'someone-else' }] })
    cleanups.push(() => server.close())
    const error = await rejection(
      waitForService(`${url}/.well-known/jwks.json`, idleService(), {
        identify: brokerIdentity('dev-ours'),
        strangerMs: 0,
      })
    )

    expect(error.code).toBe('not_our_service')
    expect(error.message).toContain("without this stack's key dev-ours")
  })

  it('fails with not_our_service when a web page answers where the demo should', async () => {
    const { url, server } = await stranger('<html></html>')
    cleanups.push(() => server.close())
    const error = await rejection(
      waitForService(`${url}/keyward.json`, idleService(), {
        identify: demoIdentity('http://127.0.0.1:8787'),
        strangerMs: 0,
      })
    )

    expect(error.code).toBe('not_our_service')
  })

  it('does not take an emulator our process did not start for ours', async () => {
    const other = await listen(createEmulator({ apiKey: 'other' }), { port: 0 })
    cleanups.push(() => other.close())
    const ours = idleService()
    const error = await rejection(
      waitForService(`${other.url}/_emulator/stats`, ours, {
        identify: emulatorIdentity(ours, other.url),
        strangerMs: 0,
      })
    )

    expect(error.code).toBe('not_our_service')
    expect(error.message).toContain('did not start')
  })

  it('accepts the emulator it started, once it answers', async () => {
    const require = createRequire(import.meta.url)
    const cli = join(require.resolve('@keyward/apivideo-emulator/package.json'), '../dist/cli.js')
    const url = `http://127.0.0.1:${await freePort()}`
    const emulator = startService({
      name: 'emulator',
      command: process.execPath,
      args: [cli, '--port', new URL(url).port, '--api-key', 'dev-key'],
      cwd: dir,
      logFile: join(dir, 'emulator.log'),
    })
    cleanups.push(() => stopService(emulator))

    await expect(
      waitForService(`${url}/_emulator/stats`, emulator, {
        identify: emulatorIdentity(emulator, url),
      })
    ).resolves.toBeUndefined()
  })

  it('fails with service_exited and the process output when it dies before answering', async () => {
    const service = nodeService(
      'emulator',
      'console.error("listen EADDRINUSE: address already in use"); process.exit(1)',
      join(dir, 'dead.log')
    )
    const error = await rejection(
      waitForService(`http://127.0.0.1:${await freePort()}/`, service, {
        identify: async () => undefined,
      })
    )

    expect(error.code).toBe('service_exited')
    expect(error.message).toContain('(code 1)')
    expect(error.message).toContain('EADDRINUSE')
  })
})
