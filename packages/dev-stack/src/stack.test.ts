import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DevStackError } from './errors.ts'
import { stopService } from './process.ts'
import { startStack } from './stack.ts'
import { nodeService, occupyPort } from './test-support/servers.ts'

let stateDir: string
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'dev-stack-'))
})
afterEach(() => {
  rmSync(stateDir, { recursive: true, force: true })
})

const anyPorts = { emulator: 0, emulatorHttps: 0, broker: 0, demo: 0, identity: 0 }

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  if (error instanceof DevStackError) return error.code
  throw new Error(`expected a DevStackError, got ${error}`)
}

describe('starting the stack', () => {
  it('refuses a taken port before starting anything or writing its env file', async () => {
    const { port, close } = await occupyPort()
    try {
      const start = startStack({ ports: { ...anyPorts, broker: port }, demo: false, stateDir })

      expect(await codeOf(start)).toBe('port_in_use')
      expect(existsSync(join(stateDir, 'worker.env'))).toBe(false)
      expect(existsSync(join(stateDir, 'logs'))).toBe(false)
      expect(existsSync(join(stateDir, 'stack.pid'))).toBe(false)
    } finally {
      await close()
    }
  })

  it('checks the identity provider port with the others, naming its variable', async () => {
    const { port, close } = await occupyPort()
    try {
      const start = startStack({ ports: { ...anyPorts, identity: port }, demo: false, stateDir })
      const error = await start.then(
        () => undefined,
        (e: unknown) => e
      )

      expect(error).toMatchObject({ code: 'port_in_use' })
      expect(String(error)).toContain('KEYWARD_IDENTITY_PORT')
      expect(existsSync(join(stateDir, 'worker.env'))).toBe(false)
    } finally {
      await close()
    }
  })

  it('refuses to start over a running stack and leaves its env file alone', async () => {
    const running = nodeService('stack', 'setInterval(() => {}, 1000)', join(stateDir, 'x.log'))
    const pid = running.child.pid as number
    writeFileSync(join(stateDir, 'stack.pid'), JSON.stringify({ pid, startedAt: 'earlier' }))
    writeFileSync(join(stateDir, 'worker.env'), 'APIVIDEO_API_KEY=the-running-one\n')
    try {
      expect(await codeOf(startStack({ ports: anyPorts, demo: false, stateDir }))).toBe(
        'stack_running'
      )
      expect(readFileSync(join(stateDir, 'worker.env'), 'utf8')).toContain('the-running-one')
    } finally {
      await stopService(running)
    }
  })
})
