// The bare baseline on Node: the same Hono app on `@hono/node-server`, 127.0.0.1 only.
// PORT, UPSTREAM_URL and UPSTREAM_TOKEN come from the environment; BASELINE_APP=dpop serves the
// app with the bare DPoP forward (`dpop-app.ts`) instead.
import { serve } from '@hono/node-server'
import { type BaselineEnv, baseline } from './app.ts'
import { dpopBaseline } from './dpop-app.ts'

const env: BaselineEnv = {
  UPSTREAM_URL: process.env.UPSTREAM_URL ?? '',
  UPSTREAM_TOKEN: process.env.UPSTREAM_TOKEN ?? '',
}
const app = process.env.BASELINE_APP === 'dpop' ? dpopBaseline : baseline
serve({
  fetch: (request) => app.fetch(request, env),
  hostname: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
})
