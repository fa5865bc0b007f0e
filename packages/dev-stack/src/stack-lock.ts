import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DevStackError } from './errors.ts'

export interface StackLock {
  /** The lock file: `<stateDir>/stack.pid`. */
  readonly file: string
  /** Records where the stack can be found, for the message a second start prints. */
  describe(details: { demo: string | null }): void
  /** Removes the lock if it is still ours. */
  release(): void
}

interface LockRecord {
  pid: number
  startedAt: string
  demo?: string | null
}

/**
 * Takes `<stateDir>/stack.pid` for this process, or fails with `stack_running` when a live process
 * holds it: a second stack would overwrite the first one's env file and fight over its ports. A
 * lock whose process is gone (a crash, a SIGKILL) is taken over.
 */
export function acquireStackLock(stateDir: string): StackLock {
  mkdirSync(stateDir, { recursive: true })
  const file = join(stateDir, 'stack.pid')
  const holder = readLock(file)
  if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
    const where = holder.demo ? `, demo at ${holder.demo}` : ''
    throw new DevStackError(
      'stack_running',
      `a Keyward stack is already running from ${stateDir} (pid ${holder.pid}${where}, started ` +
        `${holder.startedAt}): use it, or stop it first (Ctrl+C in its terminal, or kill ${holder.pid})`
    )
  }
  const record: LockRecord = { pid: process.pid, startedAt: new Date().toISOString() }
  writeFileSync(file, `${JSON.stringify(record)}\n`)
  return {
    file,
    describe(details) {
      writeFileSync(file, `${JSON.stringify({ ...record, ...details })}\n`)
    },
    release() {
      if (readLock(file)?.pid === process.pid) rmSync(file, { force: true })
    },
  }
}

function readLock(file: string): LockRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockRecord>
    return typeof record.pid === 'number' && Number.isInteger(record.pid)
      ? (record as LockRecord)
      : undefined
  } catch {
    return undefined // Missing or unreadable: nobody holds it.
  }
}

/** Signal 0 tests for existence without signalling (POSIX kill(2)); EPERM means alive too. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
