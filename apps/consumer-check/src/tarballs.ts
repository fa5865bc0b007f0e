import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { run } from './commands.ts'

/** The packages published to npm, by workspace directory. */
export const PUBLISHED = {
  '@keyward/broker': 'packages/broker',
  '@keyward/client': 'packages/client',
  '@keyward/apivideo-emulator': 'packages/apivideo-emulator',
  'create-keyward': 'packages/create-keyward',
} as const

export type PublishedName = keyof typeof PUBLISHED

/** Packs a workspace package as it would be published (`pnpm pack` resolves workspace: and catalog:). */
export async function pack(root: string, name: PublishedName, into: string): Promise<string> {
  mkdirSync(into, { recursive: true })
  const output = await run('pnpm', ['pack', '--pack-destination', into], {
    cwd: join(root, PUBLISHED[name]),
  })
  const tarball = output
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .findLast((line) => line.endsWith('.tgz'))
  if (!tarball) throw new Error(`pnpm pack printed no tarball path:\n${output}`)
  return tarball.startsWith('/') ? tarball : join(into, tarball)
}

/** Unpacks a tarball into `dir` (its files land in `dir/package`). */
export async function unpack(tarball: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true })
  await run('tar', ['-xzf', tarball, '-C', dir], { cwd: dir })
  return join(dir, 'package')
}

/**
 * What every tarball must hold, and must not: the LICENSE, README and CHANGELOG; no source map,
 * and no code that points at one (the maps would name `src/` files the tarball leaves out).
 */
export function inspectContents(packageDir: string): string[] {
  const files = listFiles(packageDir)
  const problems: string[] = []
  for (const required of ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md']) {
    if (!files.includes(required)) problems.push(`${required} is missing`)
  }
  const license = files.includes('LICENSE') ? readFileSync(join(packageDir, 'LICENSE'), 'utf8') : ''
  if (license && !/^MIT License/.test(license)) problems.push('LICENSE is not the MIT license')
  for (const file of files) {
    if (file.endsWith('.map')) problems.push(`${file}: a source map`)
    if (/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file)) {
      const text = readFileSync(join(packageDir, file), 'utf8')
      if (text.includes('sourceMappingURL=')) problems.push(`${file}: points at a source map`)
    }
    if (/(^|\/)(src|test-support)\//.test(file) && !file.startsWith('template/')) {
      problems.push(`${file}: source or test code in the tarball`)
    }
  }
  return problems
}

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? listFiles(root, path) : [relative(root, path)]
  })
}
