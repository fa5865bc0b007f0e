import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { generate } from './codegen/generate.ts'

const SPEC = new URL('../../apivideo-emulator/openapi/oas-apivideo.yaml', import.meta.url)
const GENERATED = new URL('../src/proxy/generated/', import.meta.url)

// Parsing the 800 kB spec and compiling every schema takes a few seconds on a busy machine.
const SLOW = 60_000

describe('the generated proxy rules', () => {
  it(
    'are what the OpenAPI file gives today (run `pnpm --filter @keyward/broker generate` if not)',
    async () => {
      const files = generate(await readFile(SPEC, 'utf8'))
      for (const [name, text] of Object.entries(files)) {
        const committed = await readFile(new URL(name, GENERATED), 'utf8')
        expect(committed === text, `${name} is stale`).toBe(true)
      }
    },
    SLOW
  )

  it(
    'would notice a changed spec: an operation removed from it disappears from the table',
    async () => {
      const spec = await readFile(SPEC, 'utf8')
      const files = generate(spec.replace('operationId: LIST-tags', 'operationId: LIST-labels'))
      const committed = await readFile(new URL('operations.ts', GENERATED), 'utf8')
      expect(files['operations.ts']).not.toBe(committed)
      expect(files['operations.ts']).toContain('"LIST-labels"')
    },
    SLOW
  )
})
