import { listeningPorts, processTree } from './processes.ts'

/**
 * The port of the user Worker's own workerd behind a `wrangler dev` started by this process.
 * `wrangler dev` runs two workerd processes: one serves the dev proxy on `devPort`, the other runs
 * the user Worker. The second one's entry socket is its lowest-numbered listening descriptor;
 * its other sockets (inspector, debug RPC) must not be probed with HTTP, so only that one is
 * tried, and `probe` must answer 2xx there before the port is trusted. This is an internal of
 * wrangler, used only to measure the Worker without the dev proxy in front.
 */
export async function innerWorkerdPort(devPort: number, probe: string): Promise<number> {
  const workerd = processTree().filter((info) => info.comm === 'workerd')
  const proxy = workerd.find((info) => listeningPorts(info.pid).some((l) => l.port === devPort))
  if (!proxy) throw new Error(`no workerd of this bench listens on ${devPort}`)
  const inner = workerd.find((info) => info.pgid === proxy.pgid && info.pid !== proxy.pid)
  const entry = inner === undefined ? undefined : listeningPorts(inner.pid)[0]
  if (!entry) throw new Error(`no user-Worker workerd beside the dev proxy on ${devPort}`)
  const res = await fetch(`http://127.0.0.1:${entry.port}${probe}`, {
    signal: AbortSignal.timeout(5_000),
  })
  await res.body?.cancel()
  if (!res.ok) throw new Error(`inner port ${entry.port} answered ${probe} with ${res.status}`)
  return entry.port
}
