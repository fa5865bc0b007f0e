import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { call, createVideo, jsonOf, setup, uploadForm } from '../test-support/harness.ts'

interface Delivery {
  headers: IncomingMessage['headers']
  body: string
}

/** A real HTTP receiver on 127.0.0.1 that answers 500 to its first `failures` requests. */
async function startReceiver(failures = 0) {
  const deliveries: Delivery[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
      response.writeHead(deliveries.length <= failures ? 500 : 202).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/api-video/hooks`,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** What a receiver does with node:crypto, apart from the emulator's code: HMAC-SHA256, hex. */
function verify(body: string, signature: string | string[] | undefined, secret: string): boolean {
  if (typeof signature !== 'string') return false
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

describe('webhook delivery to a real local receiver', () => {
  it('POSTs the documented payloads with a signature the receiver verifies', async () => {
    const receiver = await startReceiver()
    closers.push(receiver.close)
    const emulator = setup({ encodingSeconds: 1 })
    const hook = await jsonOf<{ webhookId: string; signatureSecret: string }>(
      await call(emulator, '/webhooks', {
        json: {
          url: receiver.url,
          events: [
            'live-stream.broadcast.started',
            'live-stream.broadcast.ended',
            'video.encoding.quality.completed',
          ],
        },
      })
    )
    const { liveStreamId } = await jsonOf<{ liveStreamId: string }>(
      await call(emulator, '/live-streams', { json: { name: 'Show' } })
    )
    emulator.startBroadcast(liveStreamId)
    emulator.stopBroadcast(liveStreamId)
    const { videoId } = await createVideo(emulator)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(10) })
    emulator.clock.advance(1_000)
    await emulator.deliverWebhooks()

    const types = receiver.deliveries.map((d) => JSON.parse(d.body).type)
    expect(types.slice(0, 2)).toEqual([
      'live-stream.broadcast.started',
      'live-stream.broadcast.ended',
    ])
    // The recording of the broadcast encodes too, so both videos report their qualities.
    expect(types.filter((type) => type === 'video.encoding.quality.completed')).toHaveLength(8)
    for (const delivery of receiver.deliveries) {
      expect(delivery.headers['content-type']).toBe('application/json')
      expect(delivery.headers['x-api-video-webhookid']).toBe(hook.webhookId)
      expect(
        verify(delivery.body, delivery.headers['x-api-video-signature'], hook.signatureSecret)
      ).toBe(true)
      expect(
        verify(delivery.body, delivery.headers['x-api-video-signature'], 'sig_sec_wrong')
      ).toBe(false)
    }
    expect(emulator.stats().webhooks.delivered).toBe(10)
  })

  it('retries a receiver that answered 500, and the retry verifies too', async () => {
    const receiver = await startReceiver(1)
    closers.push(receiver.close)
    const emulator = setup()
    const hook = await jsonOf<{ signatureSecret: string }>(
      await call(emulator, '/webhooks', {
        json: { url: receiver.url, events: ['live-stream.broadcast.started'] },
      })
    )
    const { liveStreamId } = await jsonOf<{ liveStreamId: string }>(
      await call(emulator, '/live-streams', { json: { name: 'Show' } })
    )
    emulator.startBroadcast(liveStreamId)
    await emulator.deliverWebhooks()
    await emulator.fetch('/_emulator/clock', {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 1 }),
    })
    const flushed = await jsonOf<{ data: Array<{ outcome: string; status: number }> }>(
      await emulator.fetch('/_emulator/webhooks/flush', { method: 'POST' })
    )
    expect(flushed.data.map((d) => [d.outcome, d.status])).toEqual([
      ['retried', 500],
      ['delivered', 202],
    ])
    expect(receiver.deliveries).toHaveLength(2)
    const [first, second] = receiver.deliveries
    expect(second?.body).toBe(first?.body)
    expect(
      verify(second?.body ?? '', second?.headers['x-api-video-signature'], hook.signatureSecret)
    ).toBe(true)
  })
})
