import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, type Service, type Stack, startService, waitForHttp } from '@keyward/dev-stack'
import { BENCH_BROKER_VARS, BENCH_ORIGIN } from './bench-stack.ts'
import type { HotPathVariant } from './hot-path-variants.ts'
import { innerWorkerdPort } from './inner-port.ts'

/** A variant's own brokers, where they answer, and a token from each. */
export interface VariantBroker {
  variant: HotPathVariant
  broker: { devProxy: string; inner: string; node: string }
  tokens: { worker: string; node: string }
}

/** Starts a Node server from `bench/<script>` on a free port; answers once `probe` is 2xx. */
export type StartNodeServer = (options: {
  name: string
  script: string
  env: Record<string, string>
  probe: string
}) => Promise<{ service: Service; url: string }>

export interface VariantBrokerOptions {
  root: string
  logDir: string
  /** The bench stack: its emulator, API key and signing key serve the variant too. */
  stack: Stack
  /** The variables of the default Node broker, which the variant's extend. */
  nodeEnv: Record<string, string>
  startNodeServer: StartNodeServer
  /** Each started service is handed here at once, so a failure later still stops it. */
  started: (service: Service) => void
}

async function anonymousToken(brokerUrl: string): Promise<string> {
  const res = await fetch(`${brokerUrl}/v1/token`, {
    method: 'POST',
    headers: { origin: BENCH_ORIGIN },
  })
  if (!res.ok) throw new Error(`${brokerUrl}/v1/token answered ${res.status}`)
  return ((await res.json()) as { access_token: string }).access_token
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-')
}

/**
 * `apps/worker` under its own `wrangler dev`, with the bench's variables and the variant's; with
 * `config`, another wrangler config of the same Worker (e.g. other bindings).
 */
export async function startVariantWorker(
  options: Pick<VariantBrokerOptions, 'root' | 'logDir' | 'stack' | 'started'> & {
    nodeEnv?: Record<string, string>
  },
  variant: HotPathVariant,
  config?: string,
  extraArgs: string[] = []
) {
  const { root, logDir, stack } = options
  const id = `variant-${slug(variant.name)}`
  const stateDir = join(root, '.stack/bench')
  // Secrets go through an env file, as the dev stack passes them: wrangler hides their values.
  const envFile = join(stateDir, `${id}.env`)
  writeFileSync(
    envFile,
    `APIVIDEO_API_KEY=${stack.apiKey}\nKEYWARD_SIGNING_KEY=${JSON.stringify(stack.signingKey)}\n`,
    { mode: 0o600 }
  )
  const vars: Record<string, string> = {
    APIVIDEO_BASE_URL: stack.urls.emulator,
    APIVIDEO_UPLOAD_HOST: new URL(stack.urls.emulatorHttps).host,
    TOKEN_TTL_SECONDS: options.nodeEnv?.TOKEN_TTL_SECONDS ?? '3600',
    ...BENCH_BROKER_VARS,
    ...variant.vars,
  }
  const port = await freePort()
  const inspectorPort = await freePort()
  const service = startService({
    name: `${id}-worker`,
    command: join(root, 'apps/worker/node_modules/.bin/wrangler'),
    args: [
      'dev',
      ...(config === undefined ? [] : ['--config', config]),
      ...['--ip', '127.0.0.1', '--port', String(port)],
      ...['--inspector-port', String(inspectorPort)],
      ...['--env-file', envFile, '--persist-to', join(stateDir, `${id}-wrangler`)],
      ...['--log-level', 'warn', '--show-interactive-dev-session=false'],
      ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
      ...extraArgs,
    ],
    cwd: join(root, 'apps/worker'),
    env: { WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '1' },
    logFile: join(logDir, `${id}-worker.log`),
  })
  options.started(service)
  const url = `http://127.0.0.1:${port}`
  await waitForHttp(`${url}/healthz`, service, 90_000)
  const inner = `http://127.0.0.1:${await innerWorkerdPort(port, '/healthz')}`
  return { url, inner, inspectorPort }
}

/** Each registered variant's Worker and Node brokers, one after another (two shared cores). */
export async function startVariantBrokers(
  variants: readonly HotPathVariant[],
  options: VariantBrokerOptions
): Promise<VariantBroker[]> {
  const brokers: VariantBroker[] = []
  for (const variant of variants) {
    const worker = await startVariantWorker(options, variant)
    const node = await options.startNodeServer({
      name: `variant-${slug(variant.name)}-node`,
      script: 'broker-node/serve.ts',
      env: { ...options.nodeEnv, ...variant.vars },
      probe: '/healthz',
    })
    options.started(node.service)
    const token = variant.token ?? anonymousToken
    brokers.push({
      variant,
      broker: { devProxy: worker.url, inner: worker.inner, node: node.url },
      tokens: { worker: await token(worker.url), node: await token(node.url) },
    })
  }
  return brokers
}
