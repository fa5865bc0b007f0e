/**
 * The broker's bundle (minified, gzipped), with the compiled request contracts and with them
 * stubbed out, and the Worker entry's bundle split by package and by its largest modules (minified
 * bytes each puts in the output, esbuild's metafile): `node bench/bundle-size.ts`. Prints one JSON
 * line. The root bench's measurement 6 gives what `wrangler deploy` itself uploads.
 */
import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { build, type Plugin } from 'esbuild'

const ENTRY = new URL('../src/index.ts', import.meta.url).pathname
const WORKER_ENTRY = new URL('../src/cloudflare/index.ts', import.meta.url).pathname
const VALIDATORS = /generated\/(query|body)-validators\.ts$/

/** Each validator replaced by one that accepts everything: the bundle without the contracts. */
const stubValidators: Plugin = {
  name: 'stub-validators',
  setup(build) {
    build.onLoad({ filter: VALIDATORS }, async ({ path }) => {
      const source = await readFile(path, 'utf8')
      const names = [...source.matchAll(/^export const (\w+)/gm)].map((match) => match[1])
      return {
        contents: names.map((name) => `export const ${name} = () => true`).join('\n'),
        loader: 'ts',
      }
    })
  },
}

async function size(entry: string, plugins: Plugin[] = []) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    external: ['cloudflare:workers'],
    write: false,
    metafile: true,
    plugins,
    logLevel: 'error',
  })
  const bytes = result.outputFiles[0]?.contents ?? new Uint8Array()
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {}
  const modules = Object.entries(inputs).map(([path, input]) => ({
    module: path.replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, ''),
    bytes: input.bytesInOutput,
  }))
  return {
    size: { minified: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength },
    modules,
  }
}

/** Minified bytes by package: `hono`, `jose`, or `broker` for this package's own code. */
function byPackage(modules: { module: string; bytes: number }[]): Record<string, number> {
  const totals: Record<string, number> = {}
  for (const { module, bytes } of modules) {
    const name = module.startsWith('src/') ? 'broker' : (module.split('/')[0] ?? module)
    totals[name] = (totals[name] ?? 0) + bytes
  }
  return totals
}

const { size: withContracts } = await size(ENTRY)
const { size: withoutContracts } = await size(ENTRY, [stubValidators])
const contractsOnly = {
  minified: withContracts.minified - withoutContracts.minified,
  gzip: withContracts.gzip - withoutContracts.gzip,
}
const worker = await size(WORKER_ENTRY)
const largest = worker.modules.sort((a, b) => b.bytes - a.bytes).slice(0, 12)
console.log(
  JSON.stringify({
    withContracts,
    withoutContracts,
    contractsOnly,
    worker: { ...worker.size, byPackage: byPackage(worker.modules), largest },
  })
)
