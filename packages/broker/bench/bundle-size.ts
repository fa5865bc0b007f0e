/**
 * The broker's Worker bundle (minified, gzipped), with the compiled request contracts and with
 * them stubbed out: `node bench/bundle-size.ts`. Prints one JSON line.
 */
import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { build, type Plugin } from 'esbuild'

const ENTRY = new URL('../src/index.ts', import.meta.url).pathname
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
    write: false,
    plugins,
    logLevel: 'error',
  })
  const bytes = result.outputFiles[0]?.contents ?? new Uint8Array()
  return { minified: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength }
}

const withContracts = await size(ENTRY)
const withoutContracts = await size(ENTRY, [stubValidators])
const contractsOnly = {
  minified: withContracts.minified - withoutContracts.minified,
  gzip: withContracts.gzip - withoutContracts.gzip,
}
console.log(JSON.stringify({ withContracts, withoutContracts, contractsOnly }))
