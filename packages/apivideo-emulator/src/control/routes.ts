import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import type { EmulatorClock } from '../clock.ts'
import { EmulatorError } from '../errors.ts'
import { ApiProblem } from '../problem.ts'
import type { Ingest } from '../uploads/ingest.ts'
import type { FaultControls, FaultRuleInit } from './faults.ts'
import type { EmulatorStats } from './stats.ts'

export interface ControlPlane {
  clock: EmulatorClock
  faults: FaultControls
  stats(): EmulatorStats
  ingest(videoId: string): Ingest | undefined
  revokeAllTokens(): void
  reset(): void
}

const MAX_CONTROL_BODY = 64 * 1024

/** `/_emulator/*`: the test and demo controls, kept off api.video's namespace. */
export function controlRoutes(control: ControlPlane) {
  const app = new Hono()

  app.get('/stats', (c) => c.json(control.stats()))

  app.get('/clock', (c) => c.json(clockBody(control.clock)))

  app.post('/clock', async (c) => {
    const body = await readJsonObject(c.req.raw, MAX_CONTROL_BODY)
    const { advanceMs, advanceSeconds, set } = body
    if (typeof advanceMs === 'number' && Number.isFinite(advanceMs)) {
      control.clock.advance(advanceMs)
    } else if (typeof advanceSeconds === 'number' && Number.isFinite(advanceSeconds)) {
      control.clock.advance(advanceSeconds * 1000)
    } else if (typeof set === 'number' || typeof set === 'string') {
      const epochMs = typeof set === 'number' ? set : Date.parse(set)
      if (!Number.isFinite(epochMs)) throw invalid('set', 'must be epoch milliseconds or a date')
      control.clock.set(epochMs)
    } else if (body.reset === true) {
      control.clock.reset()
    } else {
      throw invalid('advanceSeconds', 'send advanceSeconds, advanceMs, set or reset: true')
    }
    return c.json(clockBody(control.clock))
  })

  app.get('/faults', (c) => c.json({ data: control.faults.list() }))

  app.post('/faults', async (c) => {
    const body = await readJsonObject(c.req.raw, MAX_CONTROL_BODY)
    try {
      return c.json(control.faults.add(body as unknown as FaultRuleInit), 201)
    } catch (error) {
      if (error instanceof EmulatorError) throw invalid('fault', error.message)
      throw error
    }
  })

  app.delete('/faults', (c) => {
    control.faults.clear()
    return c.body(null, 204)
  })

  app.delete('/faults/:id', (c) => {
    if (!control.faults.remove(c.req.param('id'))) {
      throw new ApiProblem('resource-not-found', { name: 'id' })
    }
    return c.body(null, 204)
  })

  app.get('/uploads/:videoId', (c) => {
    const ingest = control.ingest(c.req.param('videoId'))
    if (!ingest) throw new ApiProblem('resource-not-found', { name: 'videoId' })
    return c.json(ingest)
  })

  app.post('/revoke-tokens', (c) => {
    control.revokeAllTokens()
    return c.body(null, 204)
  })

  app.post('/reset', (c) => {
    control.reset()
    return c.body(null, 204)
  })

  return app
}

function clockBody(clock: EmulatorClock) {
  const now = clock.now()
  return { now: new Date(now).toISOString(), epochMs: now }
}

function invalid(name: string, detail: string): ApiProblem {
  return new ApiProblem('invalid-attribute', { name, detail })
}
