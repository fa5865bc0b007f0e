import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stripVTControlCharacters as plain } from 'node:util'
import {
  brokerIdentity,
  devApiKey,
  devSigningKey,
  freePort,
  type Service,
  startService,
  stopService,
  waitForService,
} from '@keyward/dev-stack'
import { run } from './commands.ts'

/** `npm create keyward my-broker`, from the packed starter instead of the registry. */
export async function scaffoldWorker(dir: string, starter: string): Promise<string> {
  await run('npm', ['exec', '--yes', `--package=${starter}`, '--', 'create-keyward', 'my-broker'], {
    cwd: dir,
  })
  return join(dir, 'my-broker')
}

/**
 * `npm install` in the scaffold, with the packed broker (and the packed emulator, to run against)
 * in place of the registry's: everything else comes from the machine's configured registry.
 */
export async function installWorker(
  project: string,
  tarballs: { broker: string; emulator: string }
): Promise<void> {
  await run(
    'npm',
    [
      'pkg',
      'set',
      `dependencies.@keyward/broker=file:${tarballs.broker}`,
      `devDependencies.@keyward/apivideo-emulator=file:${tarballs.emulator}`,
    ],
    { cwd: project }
  )
  await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: project, timeoutMs: 600_000 })
}

const ORIGIN = 'http://app.test'

/**
 * The scaffold under `wrangler dev` (workerd, 127.0.0.1, free ports) against the packed emulator:
 * a token from `/v1/token` for an allowed origin, then a proxied `/v1/api/videos` with it.
 */
export async function tokenFromWranglerDev(project: string): Promise<void> {
  const apiKey = devApiKey()
  const signingKey = devSigningKey()
  const emulatorPort = await freePort()
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`
  const emulator = startService({
    name: 'emulator',
    command: process.execPath,
    args: [
      join(project, 'node_modules/@keyward/apivideo-emulator/bin/apivideo-emulator.js'),
      ...['--port', String(emulatorPort), '--api-key', apiKey],
    ],
    cwd: project,
    logFile: join(project, 'emulator.log'),
  })
  // Secrets through .dev.vars, as the scaffold's README says; plain settings as --var.
  writeFileSync(
    join(project, '.dev.vars'),
    `APIVIDEO_API_KEY=${apiKey}\nKEYWARD_SIGNING_KEY=${JSON.stringify(signingKey)}\n`,
    { mode: 0o600 }
  )
  const port = await freePort()
  const broker = startService({
    name: 'broker',
    command: join(project, 'node_modules/.bin/wrangler'),
    args: [
      'dev',
      ...[
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--inspector-port',
        String(await freePort()),
      ],
      ...['--log-level', 'warn', '--show-interactive-dev-session=false'],
      ...['--var', `APIVIDEO_BASE_URL:${emulatorUrl}`, '--var', `ALLOWED_ORIGINS:${ORIGIN}`],
      ...['--var', 'ANONYMOUS_SCOPES:videos:read'],
    ],
    cwd: project,
    env: { CI: '1', NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false' },
    logFile: join(project, 'wrangler.log'),
  })
  const brokerUrl = `http://127.0.0.1:${port}`
  const buildError = failOnError(broker)
  try {
    await Promise.race([
      waitForService(`${brokerUrl}/.well-known/jwks.json`, broker, {
        identify: brokerIdentity(String(signingKey.kid)),
        timeoutMs: 90_000,
      }),
      buildError.promise,
    ])
    const token = await expectJson(
      await fetch(`${brokerUrl}/v1/token`, { method: 'POST', headers: { origin: ORIGIN } }),
      'POST /v1/token'
    )
    if (typeof token.access_token !== 'string') throw new Error('/v1/token gave no access_token')
    const videos = await expectJson(
      await fetch(`${brokerUrl}/v1/api/videos`, {
        headers: { origin: ORIGIN, authorization: `Bearer ${token.access_token}` },
      }),
      'GET /v1/api/videos through the broker'
    )
    if (!Array.isArray(videos.data)) throw new Error('the emulator answered no video list')
  } catch (error) {
    const log = plain(broker.recentOutput()).trimEnd().split('\n').slice(-20).join('\n')
    throw new Error(`${error instanceof Error ? error.message : error}\nwrangler dev:\n${log}`)
  } finally {
    buildError.stop()
    await Promise.all([stopService(broker), stopService(emulator)])
  }
}

/** `wrangler dev` keeps running when the Worker does not build: fail as soon as it says so. */
function failOnError(service: Service) {
  let timer: NodeJS.Timeout | undefined
  const promise = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (/✘ \[ERROR\]/.test(plain(service.recentOutput())))
        reject(new Error('wrangler dev: an error'))
    }, 250)
  })
  promise.catch(() => {}) // Settled by the race above, or never looked at.
  return { promise, stop: () => clearInterval(timer) }
}

async function expectJson(response: Response, what: string): Promise<Record<string, unknown>> {
  const text = await response.text()
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 500)}`)
  return JSON.parse(text) as Record<string, unknown>
}
