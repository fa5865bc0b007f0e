// The broker's Node entry as an npm user runs it: `serve` from `@keyward/broker/node`, configured
// from the Worker's variables in the environment, on 127.0.0.1 at PORT.
import { serve } from '@keyward/broker/node'

const serving = await serve({ port: Number(process.env.PORT ?? 0) })
const stop = () => {
  serving.close().then(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
