import type { Plugin } from 'vite'

/** What the SPA learns at start from `/keyward.json`, so one build runs on any ports. */
export interface DemoConfig {
  brokerUrl: string
  /** The emulator's control plane, only in local mode (no account, no network). */
  emulatorUrl: string | null
}

export function demoConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  return {
    brokerUrl: env.KEYWARD_BROKER_URL ?? 'http://127.0.0.1:8787',
    emulatorUrl: env.KEYWARD_EMULATOR_URL ?? null,
  }
}

/** Serves `/keyward.json` from the environment in dev and preview, and writes it at build. */
export function keywardConfig(): Plugin {
  const serve = (server: { middlewares: { use: (path: string, fn: Handler) => void } }) => {
    server.middlewares.use('/keyward.json', (_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.setHeader('cache-control', 'no-store')
      res.end(JSON.stringify(demoConfigFromEnv()))
    })
  }
  return {
    name: 'keyward-config',
    configureServer: serve,
    configurePreviewServer: serve,
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'keyward.json',
        source: JSON.stringify(demoConfigFromEnv(), null, 2),
      })
    },
  }
}

type Handler = (
  req: unknown,
  res: { setHeader(name: string, value: string): void; end(body: string): void }
) => void
