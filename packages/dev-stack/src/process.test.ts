import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startService, stopService } from './process.ts'

describe('a started service', () => {
  it('keeps running when its log cannot be written, and says why in its recent output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-stack-process-'))
    rmSync(dir, { recursive: true })
    const service = startService({
      name: 'talker',
      command: process.execPath,
      args: ['-e', 'console.log("hello"); setInterval(() => {}, 1000)'],
      cwd: process.cwd(),
      logFile: join(dir, 'gone', 'talker.log'),
    })
    try {
      await expect.poll(() => service.recentOutput()).toContain('cannot write')
      await expect.poll(() => service.recentOutput()).toContain('hello')
      expect(service.child.exitCode).toBeNull()
    } finally {
      await stopService(service)
    }
  })
})
