import { createServer } from 'node:net'
import { DevStackError } from './errors.ts'
import { PORT_ENV_NAMES, type Ports } from './ports.ts'

/**
 * Fails with `port_in_use`, naming the variable that moves the port, if any of `ports` cannot be
 * bound on `host`; `0` (a free port, picked later) is not checked. Run before starting anything,
 * so a busy port never leaves a half-started stack or a banner pointing at someone else's server.
 */
export async function assertPortsFree(ports: Ports, host = '127.0.0.1'): Promise<void> {
  const busy: string[] = []
  for (const key of Object.keys(ports) as Array<keyof Ports>) {
    const port = ports[key]
    if (port !== 0 && !(await canListen(port, host))) {
      busy.push(
        `${host}:${port} (${key}): set ${PORT_ENV_NAMES[key]} to another port, or 0 for any`
      )
    }
  }
  if (busy.length > 0) {
    throw new DevStackError(
      'port_in_use',
      `${busy.length === 1 ? 'a port is' : 'ports are'} already in use:\n  ${busy.join('\n  ')}`
    )
  }
}

/** Whether a server could listen on `host:port` right now. */
export function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}
