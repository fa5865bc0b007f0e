import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { type AddressInfo, createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

// Node 24 runs the TypeScript source directly; the published bin is the compiled dist/cli.js.
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url))
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM')
})

function start(args: string[]): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('controls:') && output.endsWith('\n')) resolve({ child, output })
    })
    child.stderr?.on('data', (chunk: Buffer) => reject(new Error(chunk.toString())))
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)))
  })
}

describe('the apivideo-emulator CLI', () => {
  it('prints where it listens, over HTTP and HTTPS, and serves the control plane', async () => {
    const { output } = await start([
      ...['--port', '0', '--https-port', '0', '--host', '127.0.0.1'],
      ...['--api-key', 'cli-key', '--seed-videos', '2', '--rate-limit', 'off'],
    ])
    const [, http] =
      /listening on (http:\/\/127\.0\.0\.1:\d+) and https:\/\/127\.0\.0\.1:\d+/.exec(output) ?? []
    expect(http).toBeDefined()
    expect(output).toContain('api key: (as given)')
    expect(output).toMatch(/uploader apiHost: 127\.0\.0\.1:\d+/)
    expect((await fetch(`${http}/_emulator/stats`)).status).toBe(200)
    const list = await fetch(`${http}/videos`, {
      headers: { authorization: `Basic ${btoa('cli-key:')}` },
    })
    expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(2)
  })

  it('discards deleted videos with --video-restore', async () => {
    const { output } = await start([
      ...['--port', '0', '--api-key', 'cli-key', '--seed-videos', '1', '--video-restore'],
    ])
    const [, http] = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output) ?? []
    const api = (path: string, method = 'GET') =>
      fetch(`${http}${path}`, { method, headers: { authorization: `Basic ${btoa('cli-key:')}` } })
    const [seed] = ((await (await api('/videos')).json()) as { data: Array<{ videoId: string }> })
      .data
    expect((await api(`/videos/${seed?.videoId}`, 'DELETE')).status).toBe(204)
    const discarded = (await (await api('/discarded/videos')).json()) as { data: unknown[] }
    expect(discarded.data).toHaveLength(1)
  })

  it('documents every flag in --help', () => {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' })
    expect(help.status).toBe(0)
    for (const flag of [
      '--port',
      '--host',
      '--https',
      '--https-port',
      '--cert',
      '--key',
      '--api-key',
      '--access-token-ttl',
      '--refresh-token-ttl',
      '--keep-access-on-refresh',
      '--auth-bad-key-status',
      '--refresh-error-style',
      '--rate-limit',
      '--cors-origin',
      '--seed-videos',
      '--assets',
      '--encoding-seconds',
      '--video-restore',
    ]) {
      expect(help.stdout).toContain(flag)
    }
    for (const control of [
      '/_emulator/live-streams/{id}/broadcast',
      '/_emulator/webhooks/deliveries',
    ]) {
      expect(help.stdout).toContain(control)
    }
  })

  it.each([
    [['--auth-bad-key-status', '402']],
    [['--rate-limit', '1,2']],
    [['--assets', 'remote']],
    [['--no-such-flag']],
    [['--cert', 'only-cert.pem']],
    [['--cert', 'no-such-cert.pem', '--key', 'no-such-key.pem']],
  ])('exits with status 2 and the usage on %j', (args) => {
    const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('Usage:')
  })

  it('exits with status 1 and one line, not the usage, when its port is taken', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as AddressInfo
    try {
      const run = spawnSync(process.execPath, [CLI, '--port', String(port)], { encoding: 'utf8' })

      expect(run.status).toBe(1)
      expect(run.stderr).toContain('EADDRINUSE')
      expect(run.stderr).not.toContain('Usage:')
    } finally {
      taken.close()
    }
  })
})
