// The size budgets of the package's own code (ky left out, as the peer dependency it is), minified
// and gzipped: the main entry at most 2 KB, the cross-tab entry at most 512 B. Each entry is
// bundled and minified by esbuild as an app's bundler would, then gzipped at level 9; writes
// .reports/size.json and fails past a budget. The main entry with ky bundled in is reported for
// information.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const BUDGET_BYTES = 2048
const TABS_BUDGET_BYTES = 512
const root = join(import.meta.dirname, '..')

async function measure(entry: string, external: string[]) {
  const { outputFiles } = await build({
    entryPoints: [join(root, 'dist', entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    write: false,
    logLevel: 'silent',
  })
  const code = outputFiles[0]?.contents ?? new Uint8Array()
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength }
}

const own = await measure('index.js', ['ky'])
const withKy = await measure('index.js', [])
const tabs = { budget: TABS_BUDGET_BYTES, own: await measure('tabs.js', ['ky']) }
const report = {
  budget: BUDGET_BYTES,
  own,
  withKy,
  tabs,
  withinBudget: own.gzipped <= BUDGET_BYTES && tabs.own.gzipped <= TABS_BUDGET_BYTES,
}

mkdirSync(join(root, '.reports'), { recursive: true })
writeFileSync(join(root, '.reports/size.json'), `${JSON.stringify(report, null, 2)}\n`)
console.log(
  `@keyward/client: ${own.gzipped} B min+gz (${own.minified} B min), budget ${BUDGET_BYTES} B; ` +
    `with ky: ${withKy.gzipped} B min+gz\n` +
    `@keyward/client/tabs: ${tabs.own.gzipped} B min+gz, budget ${TABS_BUDGET_BYTES} B`
)
for (const [name, size, budget] of [
  ['@keyward/client', own.gzipped, BUDGET_BYTES],
  ['@keyward/client/tabs', tabs.own.gzipped, TABS_BUDGET_BYTES],
] as const) {
  if (size > budget) {
    console.error(`${name} is over budget by ${size - budget} B`)
    process.exitCode = 1
  }
}
