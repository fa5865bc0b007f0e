/**
 * Writes the proxy's rule table and request validators from api.video's OpenAPI file:
 * `pnpm --filter @keyward/broker generate`. `--check` writes nothing and fails when a committed
 * file differs from what the spec gives.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { generate } from './codegen/generate.ts'

export const SPEC_URL = new URL(
  '../../apivideo-emulator/openapi/oas-apivideo.yaml',
  import.meta.url
)
export const OUTPUT_URL = new URL('../src/proxy/generated/', import.meta.url)

const check = process.argv.includes('--check')
const files = generate(await readFile(SPEC_URL, 'utf8'))
let stale = 0
for (const [name, text] of Object.entries(files)) {
  const url = new URL(name, OUTPUT_URL)
  if (!check) {
    await writeFile(url, text)
    continue
  }
  const committed = await readFile(url, 'utf8').catch(() => '')
  if (committed !== text) {
    stale++
    console.error(`${name} is stale: run pnpm --filter @keyward/broker generate`)
  }
}
if (stale > 0) process.exit(1)
console.log(
  check ? 'The generated proxy rules are up to date.' : `Wrote ${Object.keys(files).length} files.`
)
