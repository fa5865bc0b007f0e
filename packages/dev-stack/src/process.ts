import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { createServer } from 'node:net'
import { DevStackError } from './errors.ts'

export interface Service {
  name: string
  child: ChildProcess
  logFile: string
  /** The last few kilobytes the process printed (stdout and stderr), for error messages. */
  recentOutput(): string
}

export interface StartOptions {
  name: string
  command: string
  args: string[]
  cwd: string
  env?: NodeJS.ProcessEnv
  logFile: string
}

const RECENT_OUTPUT_BYTES = 16 * 1024

/** Starts a process in its own process group, so stopping it also stops its children. */
export function startService({ name, command, args, cwd, env, logFile }: StartOptions): Service {
  const log = createWriteStream(logFile, { flags: 'a' })
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let recent = ''
  for (const stream of [child.stdout, child.stderr]) {
    stream?.pipe(log)
    stream?.on('data', (chunk: Buffer) => {
      recent = (recent + chunk.toString('utf8')).slice(-RECENT_OUTPUT_BYTES)
    })
  }
  // A log that cannot be written (its folder removed, a full disk) must not end the stack or stall
  // the child on a full pipe: the reason joins the recent output, which a failure report shows.
  log.on('error', (error) => {
    recent += `\n[dev-stack] cannot write ${logFile}: ${error.message}\n`
    for (const stream of [child.stdout, child.stderr]) stream?.resume()
  })
  return { name, child, logFile, recentOutput: () => recent }
}

/** Ends a service we started: SIGTERM to its process group, SIGKILL if it lingers. */
export async function stopService(service: Service, graceMs = 5_000): Promise<void> {
  const { child } = service
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  signalGroup(child.pid, 'SIGTERM')
  const timer = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // Already gone.
  }
}

/** Whether the service's process has ended. */
export function hasExited(service: Service): boolean {
  return service.child.exitCode !== null || service.child.signalCode !== null
}

/** A `service_exited` error that carries the end of what the process printed. */
export function exitedError(service: Service, when: string): DevStackError {
  const { exitCode, signalCode } = service.child
  const how = signalCode ? `signal ${signalCode}` : `code ${exitCode}`
  return new DevStackError(
    'service_exited',
    `the ${service.name} exited ${when} (${how}). Its last lines (all in ${service.logFile}):\n` +
      lastLines(service.recentOutput(), 12)
  )
}

function lastLines(text: string, count: number): string {
  const lines = text.trimEnd().split('\n').slice(-count)
  return lines.map((line) => `  | ${line}`).join('\n') || '  | (nothing)'
}

/** Polls `url` until it answers (any status) or `timeoutMs` passes; fails fast if the process dies. */
export async function waitForHttp(
  url: string,
  service: Service,
  timeoutMs = 60_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (hasExited(service)) throw exitedError(service, 'before answering')
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) })
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  throw new DevStackError(
    'service_timeout',
    `the ${service.name} did not answer at ${url} within ${timeoutMs} ms; see ${service.logFile}`
  )
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
