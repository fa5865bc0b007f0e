import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SCOPES } from '@keyward/broker'
import { brokerIdentity, demoIdentity, emulatorIdentity, waitForService } from './identity.ts'
import {
  emulatorClock,
  type RunningIdentityProvider,
  startIdentityProvider,
} from './identity-server.ts'
import { assertPortsFree } from './port-check.ts'
import { DEFAULT_PORTS, type Ports } from './ports.ts'
import { freePort, startService } from './process.ts'
import { devApiKey, devSigningKey } from './secrets.ts'
import { assignSeedOwners } from './seed-owners.ts'
import { createServiceGroup, type ServiceExit } from './service-group.ts'
import { acquireStackLock } from './stack-lock.ts'

export interface StackOptions {
  /** Ports to use; `0` picks a free one. Default: `DEFAULT_PORTS`. */
  ports?: Partial<Ports>
  /** How to serve the demo: Vite's dev server, `vite preview` of the build, or not at all. */
  demo?: 'dev' | 'preview' | false
  /** Extra flags for `apivideo-emulator`, e.g. `['--rate-limit', 'off']`. */
  emulatorArgs?: string[]
  /**
   * Ownership mode with sign-in: starts the development identity provider and runs the broker with
   * `OWNERSHIP=metadata`, user JWTs verified against the provider's JWKS, and read-only anonymous
   * callers. `false`: the earlier single-user stack (no provider, anonymous callers get every
   * scope). Default: `true`.
   */
  ownership?: boolean
  /** Worker vars to add or override (`ANONYMOUS_SCOPES`, `TOKEN_MODE`, …). */
  brokerVars?: Record<string, string>
  /** Worker secrets to add (`DPOP_NONCE_SECRET`, …): in the env file, never on a command line. */
  brokerSecrets?: Record<string, string>
  /** Where logs and generated secrets go. Default: `<repo>/.stack`. */
  stateDir?: string
  /** Repository root. Default: found from this package's location. */
  root?: string
}

export interface Stack {
  urls: {
    emulator: string
    emulatorHttps: string
    broker: string
    demo: string | null
    /** The development identity provider; `null` with `ownership: false`. */
    identity: string | null
  }
  /** The generated dev API key: tests use it to prove it never reaches the browser. */
  apiKey: string
  /** The generated signing key (private JWK), for the same proofs. */
  signingKey: Record<string, unknown>
  logDir: string
  /** Settles when a service ends on its own (a crash, a kill): the stack is then broken. */
  exited: Promise<ServiceExit>
  stop(): Promise<void>
}

// Every broker scope: passthrough mode hands the account-wide token only to a caller with all.
const ALL_SCOPES = SCOPES.join(',')

/**
 * Starts the emulator, the broker under `wrangler dev` (workerd) and the demo, on 127.0.0.1.
 * Refuses to start when another stack runs from the same `stateDir` (`stack_running`) or a port
 * is taken (`port_in_use`), and checks that each URL answers as the service it started
 * (`not_our_service`).
 *
 * @example
 * const stack = await startStack({ ports: { emulator: 0, emulatorHttps: 0, broker: 0, demo: 0 } })
 * console.log(stack.urls.demo)
 * await stack.stop()
 */
export async function startStack({
  ports: wanted = {},
  demo = 'dev',
  emulatorArgs = [],
  ownership = true,
  brokerVars = {},
  brokerSecrets = {},
  root = fileURLToPath(new URL('../../..', import.meta.url)),
  stateDir = join(root, '.stack'),
}: StackOptions = {}): Promise<Stack> {
  const host = '127.0.0.1'
  const lock = acquireStackLock(stateDir)
  const requested: Ports = { ...DEFAULT_PORTS, ...wanted }
  // Without the demo its port is not needed: 0 skips the check and costs nothing.
  const ports = await assertPortsFree(
    { ...requested, demo: demo ? requested.demo : 0, identity: ownership ? requested.identity : 0 },
    host
  )
    .then(() => resolvePorts(requested))
    .catch((error: unknown) => {
      lock.release()
      throw error
    })
  const logDir = join(stateDir, 'logs')
  mkdirSync(logDir, { recursive: true })
  const apiKey = devApiKey()
  const signingKey = devSigningKey()
  const urls = {
    emulator: `http://${host}:${ports.emulator}`,
    emulatorHttps: `https://${host}:${ports.emulatorHttps}`,
    broker: `http://${host}:${ports.broker}`,
    demo: demo ? `http://${host}:${ports.demo}` : null,
    identity: ownership ? `http://${host}:${ports.identity}` : null,
  }
  lock.describe({ demo: urls.demo })
  const group = createServiceGroup()
  let identity: RunningIdentityProvider | undefined
  const stop = async () => {
    await group.stop()
    await identity?.close()
    lock.release()
  }

  try {
    const emulator = group.add(
      startService({
        name: 'emulator',
        command: process.execPath,
        args: [
          emulatorCli(root),
          ...['--port', String(ports.emulator), '--https-port', String(ports.emulatorHttps)],
          ...['--host', host, '--api-key', apiKey],
          // Thumbnails and players served by the emulator, so the demo works with no network.
          ...['--assets', 'local', '--seed-videos', '6'],
          ...emulatorArgs,
        ],
        cwd: root,
        logFile: join(logDir, 'emulator.log'),
      })
    )
    await waitForService(`${urls.emulator}/_emulator/stats`, emulator, {
      identify: emulatorIdentity(emulator, urls.emulator),
    })
    if (ownership) await assignSeedOwners(urls.emulator, apiKey, { owners: ['alice', 'bob'] })

    // Secrets go through an env file: wrangler hides their values, unlike --var.
    const envFile = join(stateDir, 'worker.env')
    const secrets = { ...brokerSecrets, KEYWARD_SIGNING_KEY: JSON.stringify(signingKey) }
    const lines = Object.entries(secrets).map(([name, value]) => `${name}=${value}\n`)
    writeFileSync(envFile, `APIVIDEO_API_KEY=${apiKey}\n${lines.join('')}`, { mode: 0o600 })
    const demoOrigins = urls.demo ? [urls.demo, `http://localhost:${ports.demo}`] : []
    if (ownership) {
      identity = await startIdentityProvider({
        port: ports.identity,
        host,
        allowedOrigins: demoOrigins,
        now: emulatorClock(urls.emulator),
      })
    }
    const vars: Record<string, string> = {
      APIVIDEO_BASE_URL: urls.emulator,
      APIVIDEO_UPLOAD_HOST: `${host}:${ports.emulatorHttps}`,
      ALLOWED_ORIGINS: demoOrigins.join(','),
      ANONYMOUS_SCOPES: ALL_SCOPES,
      ...(identity ? ownershipVars(identity) : {}),
      // Every browser of a local stack is one client address: a per-visitor proxy budget sized for
      // the internet (30 a minute) would be one budget for the whole Playwright suite here.
      PROXY_RATE_LIMIT_REQUESTS: '600',
      // Sender-constrained tokens (RFC 9449): the demo proves possession of its key on every call.
      // Passthrough hands out api.video's own token, which no broker can bind.
      DPOP: brokerVars.TOKEN_MODE === 'passthrough' ? 'off' : 'required',
      ...brokerVars,
    }
    const broker = group.add(
      startService({
        name: 'broker',
        command: join(root, 'apps/worker/node_modules/.bin/wrangler'),
        args: [
          'dev',
          ...['--ip', host, '--port', String(ports.broker)],
          ...['--inspector-port', String(await freePort())],
          ...['--env-file', envFile, '--persist-to', join(stateDir, 'wrangler')],
          ...['--log-level', 'warn', '--show-interactive-dev-session=false'],
          ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
        ],
        cwd: join(root, 'apps/worker'),
        env: { WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '1' },
        logFile: join(logDir, 'broker.log'),
      })
    )
    await waitForService(`${urls.broker}/.well-known/jwks.json`, broker, {
      identify: brokerIdentity(String(signingKey.kid)),
      timeoutMs: 90_000,
    })

    if (demo && urls.demo) {
      const vite = group.add(
        startService({
          name: 'demo',
          command: join(root, 'apps/demo/node_modules/.bin/vite'),
          args: [
            ...(demo === 'preview' ? ['preview'] : []),
            ...['--host', host, '--port', String(ports.demo), '--strictPort'],
          ],
          cwd: join(root, 'apps/demo'),
          env: {
            KEYWARD_BROKER_URL: urls.broker,
            KEYWARD_EMULATOR_URL: urls.emulator,
            KEYWARD_IDENTITY_URL: urls.identity ?? '',
          },
          logFile: join(logDir, 'demo.log'),
        })
      )
      await waitForService(`${urls.demo}/keyward.json`, vite, {
        identify: demoIdentity(urls.broker),
      })
    }
  } catch (error) {
    await stop()
    throw error
  }

  return { urls, apiKey, signingKey, logDir, exited: group.exited, stop }
}

/** Users sign in with the provider; each sees only their own videos; anonymous callers only read. */
function ownershipVars(identity: RunningIdentityProvider): Record<string, string> {
  return {
    OWNERSHIP: 'metadata',
    USER_JWT_JWKS_URL: identity.jwksUrl,
    USER_JWT_ISSUER: identity.url,
    USER_JWT_AUDIENCE: identity.audience,
    ANONYMOUS_SCOPES: 'videos:read',
  }
}

async function resolvePorts(ports: Ports): Promise<Ports> {
  const resolved = { ...ports }
  for (const key of Object.keys(resolved) as Array<keyof Ports>) {
    if (resolved[key] === 0) resolved[key] = await freePort()
  }
  return resolved
}

function emulatorCli(root: string): string {
  const require = createRequire(join(root, 'packages/dev-stack/package.json'))
  return join(require.resolve('@keyward/apivideo-emulator/package.json'), '../dist/cli.js')
}
