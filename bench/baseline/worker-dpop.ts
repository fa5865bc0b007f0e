import { Hono } from 'hono'
import type { BaselineEnv } from './app.ts'
import type { BareReplay } from './bare-replay.ts'
import { dpopBaseline, proxyDpop } from './dpop-app.ts'

export { BareReplay } from './bare-replay.ts'

interface DpopWorkerEnv extends BaselineEnv {
  /** One `BareReplay` object per DPoP key (`wrangler-dpop.jsonc`). */
  BARE_REPLAY: DurableObjectNamespace<BareReplay>
}

const app = new Hono<{ Bindings: DpopWorkerEnv }>()

app.route('/', dpopBaseline)

// `/proxy-dpop` with the replay check shared by every isolate: the proof's id claimed in the
// object of its key (named by the key's thumbprint), one RPC per request.
app.get('/proxy-dpop-do', (c) =>
  proxyDpop(c.req.raw, c.env, (id, jkt) => {
    const replay = c.env.BARE_REPLAY
    return replay.get(replay.idFromName(jkt)).claim(id)
  })
)

export default app
