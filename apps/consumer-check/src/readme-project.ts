import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkSnippets, environments, extractSnippets } from '@keyward/readme-check'
import { run } from './commands.ts'

/** The READMEs a user of the published packages reads: theirs, the root's and the Worker's. */
const READMES = [
  'README.md',
  'packages/broker/README.md',
  'packages/client/README.md',
  'packages/apivideo-emulator/README.md',
  'packages/create-keyward/README.md',
  'apps/worker/README.md',
]

/** What the snippets import besides the packages: their peers, and the user's own libraries. */
const FROM_CATALOG = [
  'typescript',
  '@types/node',
  '@cloudflare/workers-types',
  '@api.video/video-uploader',
  '@types/react',
  'vue',
  'vitest',
]
const PEERS = ['hono@^4.6.0', '@hono/node-server@^2.1.0', 'ky@^2.1.0']

/**
 * An empty ESM project with the packed broker, client and emulator, their peers at the ranges
 * they declare, and what the snippets use (React's types, Vue, vitest, the uploader, the Node and
 * Workers types) at the workspace's versions.
 */
export async function installReadmeProject(
  dir: string,
  tarballs: string[],
  version: (name: string) => string
): Promise<void> {
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'keyward-readmes', private: true, type: 'module' }, null, 2)}\n`
  )
  const packages = [
    ...tarballs,
    ...PEERS,
    ...FROM_CATALOG.map((name) => `${name}@${version(name)}`),
  ]
  await run('npm', ['install', '--no-audit', '--no-fund', ...packages], {
    cwd: dir,
    timeoutMs: 600_000,
  })
}

/**
 * Every TypeScript block of those READMEs, type-checked in `dir` against what npm installed there
 * (`readme-check`'s environments: strict, declaration files included). Throws with each error.
 */
export function checkReadmes(dir: string, root: string): string {
  const snippets = READMES.flatMap((readme) =>
    extractSnippets(readFileSync(join(root, readme), 'utf8'), readme)
  )
  const results = checkSnippets(snippets, {
    workDir: join(dir, '.snippets'),
    environments: environments(join(root, 'packages/readme-check')),
  })
  const failures = results.filter((result) => result.errors.length > 0)
  if (failures.length > 0) {
    throw new Error(
      failures
        .map(({ snippet, errors }) => `${snippet.readme}:${snippet.line}\n  ${errors.join('\n  ')}`)
        .join('\n')
    )
  }
  return `${results.length} blocks`
}
