import { createRequire } from 'node:module'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { run } from './commands.ts'

/** publint --strict over an unpacked tarball: every file in it is what npm would install. */
export async function lintPackage(packageDir: string): Promise<void> {
  const { messages, pkg } = await publint({ pkgDir: packageDir, pack: false, strict: true })
  if (messages.length > 0) {
    throw new Error(
      messages.map((message) => formatMessage(message, pkg) ?? message.code).join('\n')
    )
  }
}

const require = createRequire(import.meta.url)
const attwCli = join(require.resolve('@arethetypeswrong/cli/package.json'), '../dist/index.js')

/** Are the types wrong? The `esm-only` profile: ESM resolution in Node 16+ and bundlers. */
export async function checkTypes(tarball: string, cwd: string): Promise<void> {
  await run(process.execPath, [attwCli, tarball, '--profile', 'esm-only', '--format', 'ascii'], {
    cwd,
    timeoutMs: 120_000,
  })
}
