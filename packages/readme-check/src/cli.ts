#!/usr/bin/env node
// Type-checks every TypeScript and JavaScript block of the READMEs under --strict: the root's,
// packages/*/README.md and apps/*/README.md. Exits 1 if any block does not compile.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { checkSnippets } from './check.ts'
import { environments } from './environments.ts'
import { extractSnippets } from './extract.ts'

const packageDir = join(import.meta.dirname, '..')
const root = join(packageDir, '../..')

const readmes = [
  join(root, 'README.md'),
  ...['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group))
      .map((name) => join(root, group, name, 'README.md'))
      .filter((file) => existsSync(file))
  ),
]

const snippets = readmes.flatMap((file) =>
  extractSnippets(readFileSync(file, 'utf8'), relative(root, file))
)
const results = checkSnippets(snippets, {
  workDir: join(packageDir, '.snippets'),
  environments: environments(packageDir),
})

let failed = 0
for (const { snippet, errors } of results) {
  const where = `${snippet.readme}:${snippet.line} (${snippet.kind}, env=${snippet.env})`
  if (errors.length === 0) {
    process.stdout.write(`  ok    ${where}\n`)
    continue
  }
  failed++
  process.stdout.write(`  FAIL  ${where}\n${errors.map((e) => `        ${e}\n`).join('')}`)
}
for (const snippet of snippets.filter((s) => s.skip)) {
  process.stdout.write(`  skip  ${snippet.readme}:${snippet.line} (no-check)\n`)
}
const skipped = snippets.length - results.length
process.stdout.write(
  `README snippets: ${results.length - failed} compile, ${failed} do not, ${skipped} marked no-check\n`
)
process.exitCode = failed > 0 ? 1 : 0
