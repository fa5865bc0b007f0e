import type { Plugin } from 'vite'
import type { DemoConfig } from './src/demo-config.ts'

export type { DemoConfig }

export function demoConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const emulatorUrl = env.KEYWARD_EMULATOR_URL ?? null
  return {
    brokerUrl: env.KEYWARD_BROKER_URL ?? 'http://127.0.0.1:8787',
    emulatorUrl,
    apiUrl: env.KEYWARD_APIVIDEO_URL ?? emulatorUrl ?? 'https://ws.api.video',
    identityUrl: env.KEYWARD_IDENTITY_URL || null,
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
