import { createEmulator } from '@keyward/apivideo-emulator'
import { listen } from '@keyward/apivideo-emulator/node'
import { afterEach, describe, expect, it } from 'vitest'
import { assignSeedOwners } from './seed-owners.ts'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

async function emulatorWith(titles: string[]): Promise<string> {
  const api = await listen(createEmulator({ apiKey: 'dev-key' }), { port: 0 })
  closers.push(api.close)
  for (const title of titles) {
    await fetch(`${api.url}/videos`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('dev-key:')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    })
  }
  return api.url
}

async function ownersOf(url: string, owner: string): Promise<string[]> {
  const res = await fetch(`${url}/videos?metadata%5Bkeyward%3Aowner%5D=${owner}`, {
    headers: { authorization: `Basic ${btoa('dev-key:')}` },
  })
  return ((await res.json()) as { data: Array<{ title: string }> }).data.map(({ title }) => title)
}

describe('giving the seeded videos owners', () => {
  it('stamps them in turn, as api.video then filters them by owner', async () => {
    const url = await emulatorWith(['one', 'two', 'three'])
    const stamped = await assignSeedOwners(url, 'dev-key', { owners: ['alice', 'bob'] })

    expect(stamped).toBe(3)
    expect((await ownersOf(url, 'alice')).sort()).toEqual(['one', 'three'])
    expect(await ownersOf(url, 'bob')).toEqual(['two'])
  })

  it('leaves a video that already has an owner alone', async () => {
    const url = await emulatorWith(['one'])
    await assignSeedOwners(url, 'dev-key', { owners: ['bob'] })

    expect(await assignSeedOwners(url, 'dev-key', { owners: ['alice'] })).toBe(0)
    expect(await ownersOf(url, 'bob')).toEqual(['one'])
  })
})
