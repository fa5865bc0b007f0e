import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs')
const CONFIG = join(ROOT, '.dependency-cruiser.cjs')

/** Runs the layering check as `pnpm check:deps` does, on the `src` folder under `cwd`. */
function checkLayers(cwd: string): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'src', '--config', CONFIG, '--output-type', 'err'],
      { cwd },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        resolve({ exitCode, output: `${stdout}${stderr}` })
      }
    )
  })
}

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name)

// Each run starts dependency-cruiser afresh (a few seconds on a busy machine).
describe.concurrent('the layering check (dependency-cruiser)', { timeout: 60_000 }, () => {
  it('passes on the broker itself', async () => {
    const { exitCode, output } = await checkLayers(ROOT)
    expect(output).toContain('no dependency violations found')
    expect(exitCode).toBe(0)
  })

  it('fails on an import from a lower layer to a higher one', async () => {
    const { exitCode, output } = await checkLayers(fixture('upward'))
    expect(exitCode).not.toBe(0)
    expect(output).toContain('domain-imports-upward')
  })

  it('fails on an import cycle, even within one layer', async () => {
    const { exitCode, output } = await checkLayers(fixture('cycle'))
    expect(exitCode).not.toBe(0)
    expect(output).toContain('no-cycle')
  })

  it('fails on a module outside every layer', async () => {
    const { exitCode, output } = await checkLayers(fixture('unlayered'))
    expect(exitCode).not.toBe(0)
    expect(output).toContain('unlayered-module')
  })

  it('fails on cloudflare:workers outside the cloudflare subpath', async () => {
    const { exitCode, output } = await checkLayers(fixture('workers-runtime'))
    expect(exitCode).not.toBe(0)
    expect(output).toContain('workers-runtime-outside-cloudflare')
  })
})
