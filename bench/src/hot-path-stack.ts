import { join } from 'node:path'
import {
  freePort,
  type Service,
  type Stack,
  startService,
  stopService,
  waitForHttp,
} from '@keyward/dev-stack'
import { BENCH_ORIGIN, brokerToken, startBenchStack } from './bench-stack.ts'
import { startBenchWorker } from './bench-worker.ts'
import { VARIANTS } from './hot-path-variants.ts'
import { innerWorkerdPort } from './inner-port.ts'
import { startVariantBrokers, type VariantBroker } from './variant-brokers.ts'

/** Where one app answers: through wrangler's dev proxy, on its own workerd, and on Node. */
export interface Places {
  devProxy: string
  inner: string
  node: string
}

export interface HotPathStack {
  /** The bare baseline (`bench/baseline`). */
  bare: Places
  /** The Keyward broker: `apps/worker` under `wrangler dev`, `@keyward/broker/node` on Node. */
  broker: Places
  /** A broker token for each runtime's own broker, for `/v1/api/*`. */
  tokens: { worker: string; node: string }
  /** The brokers of each registered feature variant (`hot-path-variants.ts`). */
  variants: VariantBroker[]
  stop(): Promise<void>
}

/** The broker's longest token lifetime: one token stays valid through every round. */
const TOKEN_TTL_SECONDS = 3600

export async function upstreamToken(stack: Stack): Promise<string> {
  const res = await fetch(`${stack.urls.emulator}/auth/api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey: stack.apiKey }),
  })
  if (!res.ok) throw new Error(`the emulator's /auth/api-key answered ${res.status}`)
  return ((await res.json()) as { access_token: string }).access_token
}

interface NodeServerOptions {
  name: string
  script: string
  env: Record<string, string>
  probe: string
}

export async function startNodeServer(root: string, logDir: string, options: NodeServerOptions) {
  const port = await freePort()
  const service = startService({
    name: options.name,
    command: process.execPath,
    args: [join(root, 'bench', options.script)],
    cwd: join(root, 'bench'),
    env: { ...options.env, PORT: String(port) },
    logFile: join(logDir, `${options.name}.log`),
  })
  const url = `http://127.0.0.1:${port}`
  await waitForHttp(`${url}${options.probe}`, service)
  return { service, url }
}

/** The bare baseline under `wrangler dev`; `config` picks another of its Workers (`baseline/`). */
export async function startBareWorker(
  root: string,
  logDir: string,
  vars: Record<string, string>,
  config = 'baseline/wrangler.jsonc',
  extraArgs: string[] = []
) {
  const worker = await startBenchWorker({
    root,
    name: 'baseline-worker',
    config,
    logDir,
    args: [
      ...['--persist-to', join(root, '.stack/bench/baseline-wrangler')],
      ...extraArgs,
      ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
    ],
  })
  await waitForHttp(`${worker.url}/static`, worker.service, 90_000)
  return worker
}

export function brokerNodeEnv(stack: Stack): Record<string, string> {
  return {
    APIVIDEO_API_KEY: stack.apiKey,
    KEYWARD_SIGNING_KEY: JSON.stringify(stack.signingKey),
    APIVIDEO_BASE_URL: stack.urls.emulator,
    ALLOWED_ORIGINS: BENCH_ORIGIN,
    ANONYMOUS_SCOPES: 'videos:read',
    RATE_LIMIT_REQUESTS: '0',
    PROXY_RATE_LIMIT_REQUESTS: '0',
    LOG_LEVEL: 'warn',
    TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
  }
}

async function nodeBrokerToken(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/token`, { method: 'POST', headers: { origin: BENCH_ORIGIN } })
  if (!res.ok) throw new Error(`the Node broker's /v1/token answered ${res.status}`)
  return ((await res.json()) as { access_token: string }).access_token
}

/**
 * Starts everything the hot-path comparison needs on 127.0.0.1: the emulator and the broker
 * under `wrangler dev` (the bench stack), the bare baseline under `wrangler dev`, the bare
 * baseline on `@hono/node-server`, the broker's Node entry, and each feature variant's brokers;
 * finds the inner workerd ports.
 */
export async function startHotPathStack(root: string, logDir: string): Promise<HotPathStack> {
  const stack = await startBenchStack(root, { TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS) })
  const services: Service[] = []
  const stop = async () => {
    await Promise.all(services.map((service) => stopService(service)))
    await stack.stop()
  }
  try {
    const upstream = {
      UPSTREAM_URL: stack.urls.emulator,
      UPSTREAM_TOKEN: await upstreamToken(stack),
    }
    const bareWorker = await startBareWorker(root, logDir, upstream)
    services.push(bareWorker.service)
    const bareNode = await startNodeServer(root, logDir, {
      name: 'baseline-node',
      script: 'baseline/node.ts',
      env: upstream,
      probe: '/static',
    })
    services.push(bareNode.service)
    const brokerNode = await startNodeServer(root, logDir, {
      name: 'broker-node',
      script: 'broker-node/serve.ts',
      env: brokerNodeEnv(stack),
      probe: '/healthz',
    })
    services.push(brokerNode.service)
    const variants = await startVariantBrokers(VARIANTS, {
      root,
      logDir,
      stack,
      nodeEnv: brokerNodeEnv(stack),
      startNodeServer: (options) => startNodeServer(root, logDir, options),
      started: (service) => services.push(service),
    })
    const brokerPort = Number(new URL(stack.urls.broker).port)
    const inner = (port: number, probe: string) =>
      innerWorkerdPort(port, probe).then((p) => `http://127.0.0.1:${p}`)
    return {
      bare: {
        devProxy: bareWorker.url,
        inner: await inner(bareWorker.port, '/static'),
        node: bareNode.url,
      },
      broker: {
        devProxy: stack.urls.broker,
        inner: await inner(brokerPort, '/healthz'),
        node: brokerNode.url,
      },
      tokens: { worker: await brokerToken(stack), node: await nodeBrokerToken(brokerNode.url) },
      variants,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
