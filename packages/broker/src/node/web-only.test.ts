import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = join(import.meta.dirname, '..')

/** Node's own modules and globals: the core must run in workerd, Deno and Bun too. */
const NODE_ONLY =
  /from '(node:|fs|path|http|https|crypto|stream|buffer|process)['/]|\bprocess\.|\bBuffer\b|\brequire\(/

describe('the broker core', () => {
  it('uses Web APIs only: no Node module or global outside src/node', async () => {
    const files = (await readdir(SRC, { recursive: true })).filter(
      (file) =>
        file.endsWith('.ts') &&
        !file.endsWith('.test.ts') &&
        !file.startsWith('node') &&
        !file.startsWith('test-support')
    )
    expect(files.length).toBeGreaterThan(20)
    for (const file of files) {
      // Comments may name Node things; code may not.
      const source = (await readFile(join(SRC, file), 'utf8'))
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
      expect(NODE_ONLY.test(source), file).toBe(false)
    }
  })
})
