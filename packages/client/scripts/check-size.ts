// The size budget of issue 6: the package's own code (the whole public entry, ky left out as the
// peer dependency it is) at most 2.0 KB minified and gzipped. Bundled and minified by esbuild as an
// app's bundler would, gzipped at level 9; writes .reports/size.json and fails past the budget.
// The size with ky bundled in is reported for information. The `./dpop` subpath has its own
// budget, 1,200 B, measured the same way (it imports nothing).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const BUDGET_BYTES = 2048
const DPOP_BUDGET_BYTES = 1200
const root = join(import.meta.dirname, '..')

async function measure(external: string[], entry = 'dist/index.js') {
  const { outputFiles } = await build({
    entryPoints: [join(root, entry)],
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

const own = await measure(['ky'])
const withKy = await measure([])
const dpopOwn = await measure([], 'dist/dpop/index.js')
const dpop = {
  budget: DPOP_BUDGET_BYTES,
  own: dpopOwn,
  withinBudget: dpopOwn.gzipped <= DPOP_BUDGET_BYTES,
}
const report = {
  budget: BUDGET_BYTES,
  own,
  withKy,
  withinBudget: own.gzipped <= BUDGET_BYTES,
  dpop,
}

mkdirSync(join(root, '.reports'), { recursive: true })
writeFileSync(join(root, '.reports/size.json'), `${JSON.stringify(report, null, 2)}\n`)
console.log(
  `@keyward/client: ${own.gzipped} B min+gz (${own.minified} B min), budget ${BUDGET_BYTES} B; ` +
    `with ky: ${withKy.gzipped} B min+gz`
)
console.log(
  `@keyward/client/dpop: ${dpopOwn.gzipped} B min+gz (${dpopOwn.minified} B min), ` +
    `budget ${DPOP_BUDGET_BYTES} B`
)
if (!report.withinBudget) {
  console.error(`over budget by ${own.gzipped - BUDGET_BYTES} B`)
  process.exitCode = 1
}
if (!dpop.withinBudget) {
  console.error(`@keyward/client/dpop over budget by ${dpopOwn.gzipped - DPOP_BUDGET_BYTES} B`)
  process.exitCode = 1
}
