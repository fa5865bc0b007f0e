import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface CheckResult {
  name: string
  ok: boolean
  seconds: number
  /** Why it failed: the end of the command's output, or the error. */
  detail?: string
}

/** The consumer checks of one run: each named, timed, printed as it ends, and reported. */
export function createChecks() {
  const results: CheckResult[] = []
  return {
    results,
    /** Runs `fn` as the check `name`; a throw fails it. Returns whether it passed. */
    async run(name: string, fn: () => Promise<unknown>): Promise<boolean> {
      const started = performance.now()
      let detail: string | undefined
      try {
        await fn()
      } catch (error) {
        detail = error instanceof Error ? error.message : String(error)
      }
      return record({ name, ok: detail === undefined, seconds: since(started), ...opt(detail) })
    },
    /** Fails `name` without running it: something it needs failed first. */
    blocked(name: string, by: string): boolean {
      return record({ name, ok: false, seconds: 0, detail: `not run: ${by} failed` })
    },
    /** Writes the totals where `scripts/summarize-checks.mjs` reads them. */
    report(file: string): void {
      mkdirSync(dirname(file), { recursive: true })
      const failed = results.filter((r) => !r.ok).length
      const report = {
        numTotalTests: results.length,
        numPassedTests: results.length - failed,
        numFailedTests: failed,
        checks: results,
      }
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
    },
  }

  function record(result: CheckResult): boolean {
    results.push(result)
    const status = result.ok ? 'pass' : 'FAIL'
    process.stdout.write(`  ${status}  ${result.name} (${result.seconds.toFixed(1)} s)\n`)
    if (result.detail) process.stdout.write(indent(result.detail))
    return result.ok
  }
}

export type Checks = ReturnType<typeof createChecks>

const since = (started: number) => (performance.now() - started) / 1000
const opt = (detail: string | undefined) => (detail === undefined ? {} : { detail })
const indent = (text: string) =>
  `${text
    .trimEnd()
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n')}\n`
