import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { DevStackError } from './errors.ts'
import { createIdentityProvider, type IdentityProviderOptions } from './identity-provider.ts'
import { PORT_ENV_NAMES } from './ports.ts'

/** Options of `startIdentityProvider`: those of the provider but its `issuer`, which is its URL. */
export interface StartIdentityProviderOptions extends Omit<IdentityProviderOptions, 'issuer'> {
  /** `0` picks a free one. */
  port: number
  /** Default: `127.0.0.1`. */
  host?: string
}

/**
 * The development identity provider, served on `host:port` by this process (no child process):
 * its key lives and dies with the stack.
 */
export interface RunningIdentityProvider {
  /** Its URL, also the `iss` of its tokens. */
  url: string
  jwksUrl: string
  audience: string
  kid: string
  close(): Promise<void>
}

/**
 * The emulator's clock (`/_emulator/clock`), which the local broker follows: moving it forward
 * (the demo's clock button, the e2e suite) must not leave the user tokens in another time.
 * Falls back to this machine's clock when the emulator does not answer.
 */
export function emulatorClock(emulatorUrl: string): () => Promise<number> {
  return async () => {
    try {
      const res = await fetch(`${emulatorUrl}/_emulator/clock`, {
        signal: AbortSignal.timeout(1000),
      })
      const { epochMs } = (await res.json()) as { epochMs?: unknown }
      if (typeof epochMs === 'number') return epochMs
    } catch {
      // Not up: this machine's clock.
    }
    return Date.now()
  }
}

export async function startIdentityProvider({
  port,
  host = '127.0.0.1',
  audience = 'keyward-demo',
  ...options
}: StartIdentityProviderOptions): Promise<RunningIdentityProvider> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(
        new DevStackError(
          'port_in_use',
          `the identity provider could not listen on ${host}:${port}: set ` +
            `${PORT_ENV_NAMES.identity} to another port, or 0 for any`,
          { cause }
        )
      )
    )
    server.listen(port, host, () => resolve())
  })
  const url = `http://${host}:${(server.address() as AddressInfo).port}`
  const provider = await createIdentityProvider({ ...options, audience, issuer: url })
  server.on(
    'request',
    getRequestListener((request) => provider.fetch(request))
  )
  return {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    audience,
    kid: provider.kid,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
