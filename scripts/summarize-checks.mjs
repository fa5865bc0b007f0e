#!/usr/bin/env node
// Totals every runner's report into the one closing line CI reads: "N passed, N failed".
// Gate steps (lint, typecheck, build, readme-snippets) count as one check each; test steps count
// their cases from vitest and Playwright JSON reports and the consumer check's, plus one failure
// when the runner failed without saying why.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = join(import.meta.dirname, '..')
const extraFailures = Number(
  process.argv.find((a) => a.startsWith('--extra-failed='))?.split('=')[1] ?? 0
)

function reports() {
  const found = []
  for (const group of ['apps', 'packages']) {
    for (const pkg of readdirSync(join(root, group))) {
      const dir = join(root, group, pkg, '.reports')
      if (!existsSync(dir)) continue
      for (const file of readdirSync(dir)) if (file.endsWith('.json')) found.push(join(dir, file))
    }
  }
  return found
}

function count(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'))
  if (typeof report.numTotalTests === 'number') {
    return { passed: report.numPassedTests, failed: report.numFailedTests }
  }
  if (report.stats && typeof report.stats.expected === 'number') {
    return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected }
  }
  return undefined
}

const steps = existsSync(join(root, '.reports/steps.tsv'))
  ? readFileSync(join(root, '.reports/steps.tsv'), 'utf8').trim().split('\n').filter(Boolean)
  : []

// Which test step wrote which report: Playwright writes playwright*.json, vitest vitest*.json, the
// consumer check consumer.json (one case per check, in vitest's totals).
function stepOf(file) {
  const name = file.split('/').at(-1)
  if (name.startsWith('playwright')) return 'e2e'
  return name.startsWith('consumer') ? 'consumer' : 'tests'
}

let passed = 0
let failed = extraFailures
const failuresByStep = {}
const lines = []
for (const file of reports()) {
  const result = count(file)
  if (!result) continue
  passed += result.passed
  failed += result.failed
  failuresByStep[stepOf(file)] = (failuresByStep[stepOf(file)] ?? 0) + result.failed
  lines.push(
    `  ${relative(root, file).padEnd(48)} ${result.passed} passed, ${result.failed} failed`
  )
}
for (const line of steps) {
  const [name, kind, rc, seconds] = line.split('\t')
  const ok = rc === '0'
  lines.push(`  step ${name.padEnd(43)} ${ok ? 'ok' : `FAILED (exit ${rc})`} in ${seconds}s`)
  if (kind === 'gate') ok ? passed++ : failed++
  else if (!ok && !failuresByStep[name]) failed++
}

process.stdout.write(`\nChecks:\n${lines.join('\n')}\n\n${passed} passed, ${failed} failed\n`)
process.exitCode = failed > 0 ? 1 : 0
