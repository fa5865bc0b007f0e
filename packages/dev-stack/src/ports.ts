/**
 * The local ports, in one place. Each can be overridden with an environment variable, and `0`
 * picks a free port (what the e2e suite does).
 */
export const DEFAULT_PORTS = {
  /** The emulator over HTTP: what the broker talks to. */
  emulator: 8081,
  /** The emulator over HTTPS: what the official uploader talks to (it hard-codes https). */
  emulatorHttps: 8443,
  /** The broker under `wrangler dev`. */
  broker: 8787,
  /** The demo SPA. */
  demo: 5173,
  /** The development identity provider: the demo's sign-in, the broker's user JWKS. */
  identity: 8788,
} as const

export type Ports = { -readonly [K in keyof typeof DEFAULT_PORTS]: number }

/** The environment variable that moves each port. */
export const PORT_ENV_NAMES: Readonly<Record<keyof Ports, string>> = {
  emulator: 'KEYWARD_EMULATOR_PORT',
  emulatorHttps: 'KEYWARD_EMULATOR_HTTPS_PORT',
  broker: 'KEYWARD_BROKER_PORT',
  demo: 'KEYWARD_DEMO_PORT',
  identity: 'KEYWARD_IDENTITY_PORT',
}

export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): Ports {
  const ports = { ...DEFAULT_PORTS } as Ports
  for (const key of Object.keys(PORT_ENV_NAMES) as Array<keyof Ports>) {
    const raw = env[PORT_ENV_NAMES[key]]
    if (raw === undefined || raw === '') continue
    const port = Number(raw)
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new Error(`${PORT_ENV_NAMES[key]} must be a port number, got "${raw}"`)
    }
    ports[key] = port
  }
  return ports
}
