import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkSnippets } from './check.ts'
import { extractSnippets } from './extract.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A project whose `node_modules` holds one package, `entry`, with the given declarations. */
function projectWith(declarations: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'readme-check-'))
  dirs.push(dir)
  const pkg = join(dir, 'node_modules/entry')
  mkdirSync(pkg, { recursive: true })
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'entry', type: 'module', types: './index.d.ts' })
  )
  writeFileSync(join(pkg, 'index.d.ts'), declarations)
  return dir
}

const readme = [
  '```ts',
  "import { handler } from 'entry'",
  'export const used = handler',
  '```',
].join('\n')
const environments = { default: { compilerOptions: { lib: ['ES2023'], types: [] } } }

describe('checking README snippets', () => {
  it('compiles a snippet whose package types are complete in its environment', () => {
    const dir = projectWith('export declare const handler: (request: string) => string\n')
    const [result] = checkSnippets(extractSnippets(readme, 'README.md'), {
      workDir: join(dir, '.snippets'),
      environments,
    })
    expect(result?.errors).toEqual([])
  })

  it("fails a snippet whose package types need a runtime's types its environment lacks", () => {
    // As a Worker-only entry's declarations in a browser app: skipLibCheck would hide it.
    const dir = projectWith('export declare const handler: (context: ExecutionContext) => void\n')
    const [result] = checkSnippets(extractSnippets(readme, 'README.md'), {
      workDir: join(dir, '.snippets'),
      environments,
    })
    expect(result?.errors.join('\n')).toContain("Cannot find name 'ExecutionContext'")
  })
})
