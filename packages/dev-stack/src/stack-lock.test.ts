import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DevStackError } from './errors.ts'
import { stopService } from './process.ts'
import { acquireStackLock } from './stack-lock.ts'
import { nodeService } from './test-support/servers.ts'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-stack-lock-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const holdBy = (pid: number) =>
  writeFileSync(
    join(dir, 'stack.pid'),
    JSON.stringify({ pid, startedAt: '2026-11-30T01:00:00.000Z', demo: 'http://127.0.0.1:5173' })
  )

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof DevStackError) return error.code
    throw error
  }
  return undefined
}

describe('the stack lock', () => {
  it('refuses a second stack while the process holding the lock lives, saying where it is', async () => {
    const holder = nodeService('holder', 'setInterval(() => {}, 1000)', join(dir, 'holder.log'))
    holdBy(holder.child.pid as number)
    try {
      expect(codeOf(() => acquireStackLock(dir))).toBe('stack_running')
      expect(() => acquireStackLock(dir)).toThrow(`pid ${holder.child.pid}`)
      expect(() => acquireStackLock(dir)).toThrow('http://127.0.0.1:5173')
    } finally {
      await stopService(holder)
    }
  })

  it('takes over a lock whose process is gone', () => {
    const { pid } = spawnSync(process.execPath, ['-e', '0'])
    holdBy(pid)
    const lock = acquireStackLock(dir)

    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid)
  })

  it('is released by its holder, and a released lock lets the next stack start', () => {
    acquireStackLock(dir).release()

    expect(existsSync(join(dir, 'stack.pid'))).toBe(false)
    expect(codeOf(() => acquireStackLock(dir))).toBeUndefined()
  })

  it('is not removed by a process that does not hold it', () => {
    const lock = acquireStackLock(dir)
    holdBy(1)
    lock.release()

    expect(existsSync(lock.file)).toBe(true)
  })
})
