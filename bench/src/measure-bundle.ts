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

/**
 * `wrangler deploy --dry-run --outdir` for a config, with `extra` flags (`--minify`,
 * `--no-minify`); wrangler prints "Total Upload: X KiB / gzip: Y KiB".
 */
function dryRun(wrangler: string, cwd: string, config: string, extra: string[] = []): BundleSize {
  const outdir = mkdtempSync(join(tmpdir(), 'keyward-bundle-'))
  const output = execFileSync(
    wrangler,
    ['deploy', '--dry-run', '--config', config, '--outdir', outdir, ...extra],
    { cwd, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, encoding: 'utf8' }
  )
  const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output)
  if (!match) throw new Error(`no upload size in wrangler's output:\n${output}`)
  return { kib: Number(match[1]), gzipKib: Number(match[2]) }
}

const MAX_RATIO = 2

/** Measurement 6: the Worker's upload, minified and not, beside a bare Hono + jose Worker. */
export function measureBundle(root: string): Section {
  const wrangler = join(root, 'bench/node_modules/.bin/wrangler')
  const worker = (extra: string[] = []) =>
    dryRun(wrangler, join(root, 'apps/worker'), 'wrangler.jsonc', extra)
  const bare = (extra: string[]) =>
    dryRun(wrangler, join(root, 'bench'), 'baseline/wrangler.jsonc', extra)
  const uploaded = worker()
  const minified = worker(['--minify'])
  const unminified = worker(['--no-minify'])
  const floor = bare(['--minify'])
  const floorUnminified = bare(['--no-minify'])
  const ratio = round(uploaded.gzipKib / floor.gzipKib, 2)
  const uploadsMinified = uploaded.gzipKib === minified.gzipKib && uploaded.kib === minified.kib
  const row = (name: string, size: BundleSize) => [
    name,
    size.kib,
    size.gzipKib,
    round(size.gzipKib / floor.gzipKib, 2),
  ]
  return {
    id: '6',
    title: 'Worker bundle (`wrangler deploy --dry-run --outdir`)',
    target: `minified in what \`wrangler deploy\` uploads, and <= ${MAX_RATIO}× a bare Hono + jose Worker (gzip, both minified)`,
    met: uploadsMinified && ratio <= MAX_RATIO,
    headline: `uploads ${uploaded.kib} KiB / gzip ${uploaded.gzipKib} KiB (${ratio}× the bare Hono + jose Worker's ${floor.gzipKib} KiB gzip); unminified it would be gzip ${unminified.gzipKib} KiB`,
    columns: ['Worker', 'upload KiB', 'gzip KiB', 'gzip ÷ bare minified'],
    rows: [
      row('apps/worker as `wrangler deploy` uploads it (its wrangler.jsonc)', uploaded),
      row('apps/worker, `--minify`', minified),
      row('apps/worker, `--no-minify`', unminified),
      row('bench/baseline (bare Hono + jose), `--minify`', floor),
      row('bench/baseline (bare Hono + jose), `--no-minify`', floorUnminified),
    ],
    goals: [
      {
        goal: 'Bundle: minified in what `wrangler deploy` uploads',
        measured: uploadsMinified
          ? `yes: the default upload equals \`--minify\` (gzip ${uploaded.gzipKib} KiB; unminified ${unminified.gzipKib} KiB)`
          : `no: the default upload is gzip ${uploaded.gzipKib} KiB, \`--minify\` gives ${minified.gzipKib} KiB`,
        met: uploadsMinified,
      },
      {
        goal: `Bundle: <= ${MAX_RATIO}× a bare Hono + jose Worker (gzip)`,
        measured: `${ratio}× (${uploaded.gzipKib} vs ${floor.gzipKib} KiB gzip)`,
        met: ratio <= MAX_RATIO,
      },
    ],
    notes: [
      'Sizes as wrangler reports them for the bundle it writes to `--outdir` ("Total Upload"); the bare Worker is one Hono app with `/static`, a jose EdDSA `/token` and `/verify`, and a `/proxy` forward (also as `/proxy-deadline`, with an upstream deadline). Both are far under the Workers\' 3 MiB limit.',
      "Both are built alike: minified, with minified names (`keep_names: false` in both wrangler.jsonc files). apps/worker uploads its source map beside the bundle; wrangler does not count it in the Total Upload, and Cloudflare does not count it toward the Worker's size limit.",
    ],
  }
}
