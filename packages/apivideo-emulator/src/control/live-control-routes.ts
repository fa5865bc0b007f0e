import { Hono } from 'hono'
import type { Broadcasts } from '../live-streams/broadcasts.ts'
import type { LiveStreamStore } from '../live-streams/live-stream-store.ts'
import { ApiProblem } from '../problem.ts'
import type { WebhookDispatcher } from '../webhooks/webhook-delivery.ts'

export interface LiveControlDeps {
  liveStreams: LiveStreamStore
  broadcasts: Broadcasts
  dispatcher: WebhookDispatcher
}

/**
 * `/_emulator/live-streams/{id}/broadcast` (POST starts, DELETE stops) stands in for an RTMP
 * encoder; `/_emulator/webhooks/…` shows and flushes webhook deliveries.
 */
export function liveControlRoutes({ liveStreams, broadcasts, dispatcher }: LiveControlDeps) {
  const app = new Hono()

  app.post('/live-streams/:liveStreamId/broadcast', async (c) => {
    const stream = broadcasts.start(c.req.param('liveStreamId'))
    if (!stream) throw new ApiProblem('resource-not-found', { name: 'liveStreamId' })
    return c.json({ liveStreamId: stream.liveStreamId, broadcasting: true })
  })

  app.delete('/live-streams/:liveStreamId/broadcast', (c) => {
    const liveStreamId = c.req.param('liveStreamId')
    if (!liveStreams.get(liveStreamId)) {
      throw new ApiProblem('resource-not-found', { name: 'liveStreamId' })
    }
    const ended = broadcasts.stop(liveStreamId)
    return c.json({ liveStreamId, broadcasting: false, recordingVideoId: ended?.videoId ?? null })
  })

  app.get('/webhooks/deliveries', (c) => c.json({ data: dispatcher.deliveries() }))

  app.post('/webhooks/flush', async (c) => {
    await dispatcher.settle()
    return c.json({ data: dispatcher.deliveries() })
  })

  return app
}
