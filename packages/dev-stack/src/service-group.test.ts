import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServiceGroup, type ServiceExit } from './service-group.ts'
import { nodeService } from './test-support/servers.ts'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-stack-group-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const idle = 'setInterval(() => {}, 1000)'
const within = (ms: number) =>
  new Promise<'nothing'>((resolve) => setTimeout(() => resolve('nothing'), ms))

describe('a group of services', () => {
  it('reports the first service that dies on its own, with its code and last output', async () => {
    const group = createServiceGroup()
    group.add(nodeService('emulator', idle, join(dir, 'emulator.log')))
    group.add(nodeService('broker', 'console.error("boom"); process.exit(3)', join(dir, 'b.log')))

    const exit: ServiceExit = await group.exited
    await group.stop()

    expect(exit).toMatchObject({ name: 'broker', code: 3, signal: null })
    expect(exit.recentOutput).toContain('boom')
  })

  it('reports a service killed from outside', async () => {
    const group = createServiceGroup()
    const demo = group.add(nodeService('demo', idle, join(dir, 'demo.log')))
    process.kill(demo.child.pid as number, 'SIGKILL')

    expect(await group.exited).toMatchObject({ name: 'demo', signal: 'SIGKILL' })
  })

  it('does not report the services it stops itself', async () => {
    const group = createServiceGroup()
    group.add(nodeService('emulator', idle, join(dir, 'emulator.log')))
    group.add(nodeService('broker', idle, join(dir, 'broker.log')))
    await group.stop()

    expect(await Promise.race([group.exited, within(300)])).toBe('nothing')
  })
})
