// The size budgets of the package's own code (ky left out, as the peer dependency it is), minified
// and gzipped: the main entry at most 2 KB; each optional entry (`./tabs`, `./upload`) at most
// 256 B on top of it, as an app that imports both pays; `./dpop`, which imports nothing, at most
// 1,200 B on its own. Bundled and minified by esbuild as an app's bundler would, gzipped at level
// 9; writes .reports/size.json and fails past a budget. The main entry with ky bundled in is
// reported for information.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const BUDGET_BYTES = 2048
const ENTRY_BUDGET_BYTES = 256
const DPOP_BUDGET_BYTES = 1200
const root = join(import.meta.dirname, '..')

async function measure(entries: string[], external: string[]) {
  const { outputFiles } = await build({
    stdin: {
      contents: entries.map((entry) => `export * from './dist/${entry}'`).join('\n'),
      resolveDir: root,
    },
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

const own = await measure(['index.js'], ['ky'])
const withKy = await measure(['index.js'], [])
const entries: Record<string, { budget: number; added: number }> = {}
for (const entry of ['tabs', 'upload']) {
  const both = await measure(['index.js', `${entry}.js`], ['ky'])
  entries[entry] = { budget: ENTRY_BUDGET_BYTES, added: both.gzipped - own.gzipped }
}
const dpopOwn = await measure(['dpop/index.js'], [])
const dpop = { budget: DPOP_BUDGET_BYTES, own: dpopOwn }
const over = [
  ...(own.gzipped > BUDGET_BYTES ? [`@keyward/client by ${own.gzipped - BUDGET_BYTES} B`] : []),
  ...Object.entries(entries)
    .filter(([, { added, budget }]) => added > budget)
    .map(([entry, { added, budget }]) => `@keyward/client/${entry} by ${added - budget} B`),
  ...(dpopOwn.gzipped > DPOP_BUDGET_BYTES
    ? [`@keyward/client/dpop by ${dpopOwn.gzipped - DPOP_BUDGET_BYTES} B`]
    : []),
]
const report = { budget: BUDGET_BYTES, own, withKy, entries, dpop, withinBudget: over.length === 0 }

mkdirSync(join(root, '.reports'), { recursive: true })
writeFileSync(join(root, '.reports/size.json'), `${JSON.stringify(report, null, 2)}\n`)
console.log(
  `@keyward/client: ${own.gzipped} B min+gz (${own.minified} B min), budget ${BUDGET_BYTES} B; ` +
    `with ky: ${withKy.gzipped} B min+gz`
)
for (const [entry, { added, budget }] of Object.entries(entries)) {
  console.log(`@keyward/client/${entry}: +${added} B min+gz on top, budget ${budget} B`)
}
console.log(
  `@keyward/client/dpop: ${dpopOwn.gzipped} B min+gz (${dpopOwn.minified} B min), ` +
    `budget ${DPOP_BUDGET_BYTES} B`
)
for (const message of over) console.error(`over budget: ${message}`)
if (over.length > 0) process.exitCode = 1
