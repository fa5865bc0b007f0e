import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const CLI = join(import.meta.dirname, 'cli.ts')

function run(args: string[], cwd: string) {
  const { status, stdout, stderr } = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_user_agent: 'npm/11.6.2 node/v24.21.0 linux x64' },
  })
  return { status, stdout, stderr }
}

describe('the create-keyward command', () => {
  it('scaffolds the directory it is given and prints the next steps', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'create-keyward-cli-'))
    const { status, stdout } = run(['my-broker'], cwd)

    expect(status).toBe(0)
    expect(existsSync(join(cwd, 'my-broker/wrangler.jsonc'))).toBe(true)
    expect(stdout).toContain('cd my-broker')
    expect(stdout).toContain('npm run dev')
  })

  it('exits 2 with the reason when the directory is not empty', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'create-keyward-cli-'))
    mkdirSync(join(cwd, 'taken'))
    writeFileSync(join(cwd, 'taken/index.ts'), '')
    const { status, stderr } = run(['taken'], cwd)

    expect(status).toBe(2)
    expect(stderr).toContain('is not empty')
  })

  it('exits 2 with the usage when no directory is named', () => {
    const { status, stderr } = run([], tmpdir())

    expect(status).toBe(2)
    expect(stderr).toContain('Usage: npm create keyward@latest <directory>')
  })

  it('exits 2 on an invalid name without printing the usage', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'create-keyward-cli-'))
    const { status, stderr } = run(['Bad_Name'], cwd)

    expect(status).toBe(2)
    expect(stderr).toContain('cannot name the project')
    expect(stderr).not.toContain('Usage:')
  })
})
