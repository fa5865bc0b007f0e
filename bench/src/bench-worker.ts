import { join } from 'node:path'
import { freePort, type Service, startService } from '@keyward/dev-stack'

export interface BenchWorkerOptions {
  root: string
  /** The service's name, and its log file's under `logDir`. */
  name: string
  /** Its wrangler config, relative to `bench/` or absolute. */
  config: string
  logDir: string
  /** More `wrangler dev` flags: `--var`, `--persist-to`, `--env-file`, `--minify` … */
  args?: readonly string[]
}

export interface BenchWorker {
  service: Service
  url: string
  port: number
  inspectorPort: number
}

/**
 * One of `bench/`'s Workers under bench's own `wrangler dev`, on free ports of 127.0.0.1, its
 * inspector open for the profiler. It is not waited for: each caller probes its own route.
 */
export async function startBenchWorker({
  root,
  name,
  config,
  logDir,
  args = [],
}: BenchWorkerOptions): Promise<BenchWorker> {
  const port = await freePort()
  const inspectorPort = await freePort()
  const service = startService({
    name,
    command: join(root, 'bench/node_modules/.bin/wrangler'),
    args: [
      'dev',
      ...['--config', config, '--ip', '127.0.0.1', '--port', String(port)],
      ...['--inspector-port', String(inspectorPort), '--log-level', 'warn'],
      '--show-interactive-dev-session=false',
      ...args,
    ],
    cwd: join(root, 'bench'),
    env: { WRANGLER_SEND_METRICS: 'false' },
    logFile: join(logDir, `${name}.log`),
  })
  return { service, url: `http://127.0.0.1:${port}`, port, inspectorPort }
}
