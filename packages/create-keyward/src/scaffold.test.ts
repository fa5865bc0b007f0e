import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CreateKeywardError } from './errors.ts'
import { scaffold } from './scaffold.ts'

let parent: string
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'create-keyward-'))
})
afterEach(() => {
  rmSync(parent, { recursive: true, force: true })
})

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8')
/** wrangler.jsonc without its comments (none of its strings contain `//`). */
const jsonc = (text: string) => JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''))

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof CreateKeywardError) return error.code
    throw error
  }
  return undefined
}

describe('scaffold', () => {
  it('creates a Worker project named after its directory', () => {
    const { name, files } = scaffold({ directory: join(parent, 'my-broker') })

    expect(name).toBe('my-broker')
    expect(files).toEqual([
      '.dev.vars.example',
      '.gitignore',
      'README.md',
      'package.json',
      'src/worker.ts',
      'tsconfig.json',
      'wrangler.jsonc',
    ])
  })

  it('writes a package.json that depends on the broker, hono and wrangler, with dev and deploy', () => {
    const dir = join(parent, 'my-broker')
    scaffold({ directory: dir })
    const pkg = JSON.parse(read(dir, 'package.json'))

    expect(pkg.name).toBe('my-broker')
    expect(Object.keys(pkg.dependencies)).toEqual(['@keyward/broker', 'hono'])
    expect(pkg.devDependencies).toHaveProperty('wrangler')
    expect(pkg.scripts).toMatchObject({ dev: 'wrangler dev', deploy: 'wrangler deploy' })
  })

  it('configures the TOKEN_VAULT Durable Object and its SQLite migration', () => {
    const dir = join(parent, 'my-broker')
    scaffold({ directory: dir })
    const config = jsonc(read(dir, 'wrangler.jsonc'))

    expect(config.name).toBe('my-broker')
    expect(config.main).toBe('src/worker.ts')
    expect(config.durable_objects.bindings).toEqual([
      { name: 'TOKEN_VAULT', class_name: 'TokenVault' },
      { name: 'DPOP_REPLAY', class_name: 'DpopReplay' },
    ])
    expect(config.migrations).toEqual([
      { tag: 'v1', new_sqlite_classes: ['TokenVault'] },
      { tag: 'v2', new_sqlite_classes: ['DpopReplay'] },
    ])
  })

  it('exports the vault class and the handler from the cloudflare entry', () => {
    const dir = join(parent, 'my-broker')
    scaffold({ directory: dir })
    const worker = read(dir, 'src/worker.ts')

    expect(worker).toContain("from '@keyward/broker/cloudflare'")
    expect(worker).toMatch(/export \{ DpopReplay, TokenVault \}/)
    expect(worker).toMatch(/export default createWorker\(\)/)
  })

  it('leaves no placeholder behind and names every secret in .dev.vars.example', () => {
    const dir = join(parent, 'my-broker')
    const { files } = scaffold({ directory: dir })

    for (const file of files) expect(read(dir, file)).not.toContain('{{')
    expect(read(dir, '.dev.vars.example')).toMatch(/^APIVIDEO_API_KEY=/m)
    expect(read(dir, '.dev.vars.example')).toMatch(/^KEYWARD_SIGNING_KEY=/m)
    expect(read(dir, '.gitignore')).toMatch(/^\.dev\.vars$/m)
  })

  it('takes a name different from the directory', () => {
    const dir = join(parent, 'Broker Project')
    scaffold({ directory: dir, name: 'video-broker' })

    expect(JSON.parse(read(dir, 'package.json')).name).toBe('video-broker')
  })

  it('uses an existing empty directory', () => {
    const dir = join(parent, 'empty')
    mkdirSync(dir)

    expect(scaffold({ directory: dir }).files).toContain('wrangler.jsonc')
  })

  it('refuses a directory that is not empty and writes nothing into it', () => {
    const dir = join(parent, 'taken')
    mkdirSync(dir)
    writeFileSync(join(dir, 'notes.txt'), 'mine')

    expect(codeOf(() => scaffold({ directory: dir }))).toBe('directory_not_empty')
    expect(readdirSync(dir)).toEqual(['notes.txt'])
  })

  it('refuses a name that cannot name a package and a Worker, before creating anything', () => {
    expect(codeOf(() => scaffold({ directory: join(parent, 'My_Broker') }))).toBe('invalid_name')
    expect(readdirSync(parent)).toEqual([])
  })
})
