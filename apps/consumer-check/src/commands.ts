import { spawn } from 'node:child_process'
import { stripVTControlCharacters as plain } from 'node:util'

export interface RunOptions {
  cwd: string
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
}

/**
 * Runs a command to its end and returns its output; throws with the output's last lines when it
 * exits non-zero or outlives `timeoutMs` (its whole process group is then killed).
 */
export function run(
  command: string,
  args: string[],
  { cwd, env, timeoutMs = 300_000 }: RunOptions
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-64 * 1024)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs} ms)`
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    }, timeoutMs)
    child.once('error', reject)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else
        reject(
          new Error(`${command} ${args.join(' ')}: ${signal ?? `exit ${code}`}\n${tail(output)}`)
        )
    })
  })
}

/** The last lines of a command's output, for a failure message. */
export function tail(output: string, lines = 25): string {
  return plain(output).trimEnd().split('\n').slice(-lines).join('\n')
}
