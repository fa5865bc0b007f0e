#!/usr/bin/env node
// The consumer check: the published packages as an npm user outside this repository gets them.
// Packs each one, then in a temporary directory outside the workspace, with npm: lints each
// tarball (contents, publint, arethetypeswrong), scaffolds a Worker with create-keyward, installs,
// type-checks and dry-runs it, gets a token from it under `wrangler dev` against the emulator, and
// builds a Vite SPA on the client with the README's snippet, and type-checks every TypeScript block
// of the published packages' READMEs against the tarballs. They run side by side (installs wait on
// the network, not the CPU). One pass/fail line per check; the totals go to
// .reports/consumer.json for the closing line of `npm run check`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Checks, createChecks } from './checks.ts'
import { run } from './commands.ts'
import { checkTypes, lintPackage } from './lint.ts'
import { checkReadmes, installReadmeProject } from './readme-project.ts'
import { installSpa, writeSpa } from './spa-project.ts'
import { inspectContents, PUBLISHED, type PublishedName, pack, unpack } from './tarballs.ts'
import { installWorker, scaffoldWorker, tokenFromWranglerDev } from './worker-project.ts'

const packageDir = join(import.meta.dirname, '..')
const root = join(packageDir, '../..')
const work = mkdtempSync(join(tmpdir(), 'keyward-consumer-'))
const checks = createChecks()
const names = Object.keys(PUBLISHED) as PublishedName[]

process.stdout.write(`consumer check in ${work}\n`)
const tarballs = new Map<PublishedName, string>()
await Promise.all(
  names.map((name) =>
    checks.run(`pack ${name}`, async () => {
      tarballs.set(name, await pack(root, name, join(work, 'tarballs')))
    })
  )
)
await Promise.all([
  lintTarballs(checks),
  workerProject(checks),
  spaProject(checks),
  readmeProject(checks),
])

checks.report(join(packageDir, '.reports/consumer.json'))
const failed = checks.results.filter((r) => !r.ok).length
const kept = failed > 0 ? `kept for a look: ${work}` : 'removed'
process.stdout.write(
  `consumer check: ${checks.results.length - failed} passed, ${failed} failed (${kept})\n`
)
if (failed === 0) rmSync(work, { recursive: true, force: true })
process.exitCode = failed > 0 ? 1 : 0

async function lintTarballs(checks: Checks): Promise<void> {
  for (const name of names) {
    const tarball = tarballs.get(name)
    if (!tarball) {
      for (const what of ['contents', 'publint', 'types']) checks.blocked(`${what} ${name}`, 'pack')
      continue
    }
    const unpacked = await unpack(tarball, join(work, 'unpacked', name))
    await checks.run(`contents ${name}`, async () => {
      const problems = inspectContents(unpacked)
      if (problems.length > 0) throw new Error(problems.join('\n'))
    })
    await checks.run(`publint ${name}`, () => lintPackage(unpacked))
    // The starter is a command with no importable entry: there are no types to be wrong.
    if (name !== 'create-keyward') {
      await checks.run(`types ${name} (attw --profile esm-only)`, () => checkTypes(tarball, work))
    }
  }
}

async function workerProject(checks: Checks): Promise<void> {
  const later = [
    'install',
    'npm run generate-key',
    'typecheck',
    'wrangler deploy --dry-run',
    'wrangler dev: a token',
  ]
  const starter = tarballs.get('create-keyward')
  const broker = tarballs.get('@keyward/broker')
  const emulator = tarballs.get('@keyward/apivideo-emulator')
  let project = ''
  const scaffolded =
    starter !== undefined &&
    (await checks.run('worker: npm create keyward (scaffold)', async () => {
      project = await scaffoldWorker(work, starter)
    }))
  if (!scaffolded || !broker || !emulator) {
    for (const step of later) checks.blocked(`worker: ${step}`, 'scaffold or pack')
    return
  }
  if (!(await checks.run('worker: install', () => installWorker(project, { broker, emulator })))) {
    for (const step of later.slice(1)) checks.blocked(`worker: ${step}`, 'install')
    return
  }
  const env = { CI: '1', NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false' }
  // The scaffold's next steps make the signing key with the broker's own command.
  await checks.run('worker: npm run generate-key', async () => {
    const output = await run('npm', ['run', '--silent', 'generate-key'], { cwd: project, env })
    if (!/"kty"\s*:\s*"OKP"/.test(output)) throw new Error(`no Ed25519 JWK in:\n${output}`)
  })
  await checks.run('worker: typecheck', () =>
    run('npm', ['run', 'typecheck'], { cwd: project, env })
  )
  await checks.run('worker: wrangler deploy --dry-run', () =>
    run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', 'dist'], { cwd: project, env })
  )
  await checks.run('worker: wrangler dev: a token', () => tokenFromWranglerDev(project))
}

async function spaProject(checks: Checks): Promise<void> {
  const client = tarballs.get('@keyward/client')
  const spa = join(work, 'spa')
  let snippetAt = ''
  const written = await checks.run(
    'spa: write the Vite project with the README snippet',
    async () => {
      snippetAt = writeSpa(spa, join(root, 'packages/client/README.md'), {
        typescript: catalogVersion('typescript'),
        vite: catalogVersion('vite'),
      })
    }
  )
  if (!written || !client) {
    checks.blocked('spa: install', 'write or pack')
    checks.blocked('spa: tsc --strict and vite build', 'write or pack')
    return
  }
  if (!(await checks.run('spa: install (client tarball, ky@^2)', () => installSpa(spa, client)))) {
    checks.blocked('spa: tsc --strict and vite build', 'install')
    return
  }
  await checks.run(`spa: tsc --strict and vite build (${snippetAt})`, () =>
    run('npm', ['run', 'build'], { cwd: spa })
  )
}

async function readmeProject(checks: Checks): Promise<void> {
  const packed = (['@keyward/broker', '@keyward/client', '@keyward/apivideo-emulator'] as const)
    .map((name) => tarballs.get(name))
    .filter((tarball) => tarball !== undefined)
  const dir = join(work, 'readmes')
  if (packed.length < 3) {
    checks.blocked('readmes: install', 'pack')
    checks.blocked('readmes: every TypeScript block against the tarballs', 'pack')
    return
  }
  const installed = await checks.run('readmes: install (tarballs, peers, snippet libraries)', () =>
    installReadmeProject(dir, packed, catalogVersion)
  )
  if (!installed) {
    checks.blocked('readmes: every TypeScript block against the tarballs', 'install')
    return
  }
  await checks.run('readmes: every TypeScript block against the tarballs', async () =>
    checkReadmes(dir, root)
  )
}

function catalogVersion(name: string): string {
  const catalog = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
  const version = catalog.match(new RegExp(`^\\s+"?${name}"?: (\\S+)$`, 'm'))?.[1]
  if (!version) throw new Error(`${name} is not in the pnpm catalog`)
  return version
}
