// The bare baseline on Node: the same Hono app on `@hono/node-server`, 127.0.0.1 only.
// PORT, UPSTREAM_URL and UPSTREAM_TOKEN come from the environment.
import { serve } from '@hono/node-server'
import { type BaselineEnv, baseline } from './app.ts'

const env: BaselineEnv = {
  UPSTREAM_URL: process.env.UPSTREAM_URL ?? '',
  UPSTREAM_TOKEN: process.env.UPSTREAM_TOKEN ?? '',
}
serve({
  fetch: (request) => baseline.fetch(request, env),
  hostname: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
})
