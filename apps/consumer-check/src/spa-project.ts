import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { extractSnippets } from '@keyward/readme-check'
import { run } from './commands.ts'

export interface SpaVersions {
  typescript: string
  vite: string
}

/**
 * A Vite + TypeScript SPA, as `npm create vite` would lay it out, whose `main` is the client
 * README's first usage snippet (its `createApi` one), on the packed client and `ky@^2`.
 */
export function writeSpa(dir: string, clientReadme: string, versions: SpaVersions): string {
  const snippet = extractSnippets(
    readFileSync(clientReadme, 'utf8'),
    'packages/client/README.md'
  ).find(
    (s) => !s.skip && s.code.includes("from '@keyward/client'") && s.code.includes('createApi(')
  )
  if (!snippet) throw new Error('the client README has no createApi snippet to build')
  mkdirSync(join(dir, 'src'), { recursive: true })
  const main = `main.${snippet.kind}`
  const files: Record<string, string> = {
    'package.json': json({
      name: 'keyward-spa',
      private: true,
      type: 'module',
      scripts: { build: 'tsc && vite build --target es2022' },
      devDependencies: { typescript: `^${versions.typescript}`, vite: `^${versions.vite}` },
    }),
    'tsconfig.json': json({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: [],
        strict: true,
        noUnusedLocals: false,
        skipLibCheck: false,
        verbatimModuleSyntax: true,
        allowJs: true,
        checkJs: true,
        noEmit: true,
      },
      include: ['src'],
    }),
    'index.html': `<!doctype html>\n<html lang="en">\n  <body>\n    <script type="module" src="/src/${main}"></script>\n  </body>\n</html>\n`,
    [`src/${main}`]: `// ${snippet.readme}:${snippet.line}\n${snippet.prelude}${snippet.code}`,
  }
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
  return `${snippet.readme}:${snippet.line}`
}

/** Installs the packed client and ky 2 from the registry, as the client README says. */
export async function installSpa(dir: string, client: string): Promise<void> {
  await run('npm', ['install', '--no-audit', '--no-fund', client, 'ky@^2'], {
    cwd: dir,
    timeoutMs: 600_000,
  })
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`
