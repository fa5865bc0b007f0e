import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Section } from './report.ts'
import { round } from './stats.ts'

interface BundleSize {
  kib: number
  gzipKib: number
}

/** `wrangler deploy --dry-run` for a config; wrangler prints "Total Upload: X KiB / gzip: Y KiB". */
function dryRun(wrangler: string, cwd: string, config: string): BundleSize {
  const outdir = mkdtempSync(join(tmpdir(), 'keyward-bundle-'))
  const output = execFileSync(
    wrangler,
    ['deploy', '--dry-run', '--config', config, '--outdir', outdir],
    { cwd, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, encoding: 'utf8' }
  )
  const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output)
  if (!match) throw new Error(`no upload size in wrangler's output:\n${output}`)
  return { kib: Number(match[1]), gzipKib: Number(match[2]) }
}

/** Measurement 6: the Worker's upload size, beside a bare Hono + jose Worker built in the same run. */
export function measureBundle(root: string): Section {
  const wrangler = join(root, 'bench/node_modules/.bin/wrangler')
  const worker = dryRun(wrangler, join(root, 'apps/worker'), 'wrangler.jsonc')
  const floor = dryRun(wrangler, join(root, 'bench'), 'baseline-worker/wrangler.jsonc')
  const ratio = round(worker.gzipKib / floor.gzipKib, 2)
  return {
    id: '6',
    title: 'Worker bundle (wrangler deploy --dry-run)',
    target: 'within 3× a bare Hono + jose Worker (gzip), far under the 3 MiB Workers limit',
    met: ratio <= 3 && worker.gzipKib < 3 * 1024,
    headline: `${worker.kib} KiB / gzip ${worker.gzipKib} KiB (${ratio}× the bare Hono + jose floor)`,
    columns: ['Worker', 'upload KiB', 'gzip KiB'],
    rows: [
      ['apps/worker (Keyward broker)', worker.kib, worker.gzipKib],
      ['bench/baseline-worker (Hono + one jose sign route)', floor.kib, floor.gzipKib],
    ],
    notes: ['Both are unminified, as `wrangler deploy` uploads by default.'],
  }
}
