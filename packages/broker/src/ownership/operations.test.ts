import { describe, expect, it } from 'vitest'
import { confirmsDelete } from '../proxy/confirmed-delete.ts'
import { OPERATIONS } from '../proxy/generated/operations.ts'
import { SAMPLES, type Sample } from '../proxy/generated/samples.ts'
import type { ProxyRule } from '../proxy/operation-rule.ts'
import { type Harness, UPSTREAM } from '../test-support/harness.ts'
import { validBody } from '../test-support/operation-requests.ts'
import {
  createVideoOf,
  direct,
  ownershipHarness,
  problemOf,
  userToken,
} from '../test-support/ownership.ts'
import { ownershipPolicy } from './policy.ts'

// Table-driven from the generated rules: every operation that names a video in its path.
const addressed = OPERATIONS.filter((rule) => rule.videoIdAt !== undefined).map(
  (rule) => [`${rule.method} ${rule.path}`, rule] as const
)

/** The operation's sample path with `videoId` in its video segment. */
function pathFor(rule: ProxyRule, videoId: string): string {
  const segments = (SAMPLES[rule.operation] as Sample).path.split('/')
  segments[rule.videoIdAt as number] = videoId
  return segments.join('/')
}

/** A video of `owner` (or nobody's), discarded when the operation is about discarded videos. */
async function videoFor(h: Harness, rule: ProxyRule, owner: string | null): Promise<string> {
  const videoId = await createVideoOf(h, owner)
  if (rule.path.startsWith('/discarded/'))
    await direct(h, `/videos/${videoId}`, { method: 'DELETE' })
  return videoId
}

const send = (h: Harness, rule: ProxyRule, path: string, token: string) =>
  h.api(path, token, {
    method: rule.method,
    ...validBody(rule, SAMPLES[rule.operation] as Sample),
  })

describe(`ownership mode on the ${addressed.length} operations addressed by a video id`, () => {
  it('covers every operation whose path names a video', () => {
    const named = OPERATIONS.filter((rule) => rule.path.includes('{videoId}'))
    expect(addressed.map(([, rule]) => rule)).toEqual(named)
    expect(addressed.length).toBeGreaterThan(15)
    for (const [, rule] of addressed) expect(ownershipPolicy(rule).kind).toBe('video')
  })

  it.each(addressed)(
    "answers %s on someone else's or nobody's video with the 404 of a missing one, sending only the lookup",
    async (_, rule) => {
      const h = await ownershipHarness()
      const alice = await userToken(h, 'alice')
      const lookup = `${UPSTREAM}${rule.path.startsWith('/discarded/') ? '/discarded' : ''}/videos/`
      const answers = []
      for (const owner of ['bob', null, 'missing'] as const) {
        const videoId =
          owner === 'missing' ? 'vi0000000000000000000000' : await videoFor(h, rule, owner)
        const before = h.apiCalls().length
        const res = await send(h, rule, pathFor(rule, videoId), alice)
        expect(res.status).toBe(404)
        answers.push(await problemOf(res))
        expect(h.apiCalls().slice(before)).toEqual([
          expect.objectContaining({ method: 'GET', url: `${lookup}${videoId}` }),
        ])
      }
      expect(answers[0]).toMatchObject({ code: 'not_found' })
      expect(answers[1]).toEqual(answers[0])
      expect(answers[2]).toEqual(answers[0])
    }
  )

  it.each(addressed)('forwards %s on the caller’s own video', async (_, rule) => {
    const h = await ownershipHarness()
    const alice = await userToken(h, 'alice')
    const path = pathFor(rule, await videoFor(h, rule, 'alice'))
    const res = await send(h, rule, path, alice)
    if (res.status === 404)
      expect((await res.json()) as object).not.toMatchObject({ code: 'not_found' })
    // A confirmed DELETE of a caption or chapter file the video lacks stops at the look (GET).
    const sent = confirmsDelete(rule) && res.status === 404 ? 'GET' : rule.method
    expect(h.apiCalls().map((call) => `${call.method} ${call.url}`)).toContain(
      `${sent} ${UPSTREAM}${path}`
    )
  })
})
