/**
 * Gives the emulator's seeded videos owners, in turn (`alice`, `bob`, …), the way the broker stamps
 * a video it creates in ownership mode: the demo then opens on a few videos for each user instead
 * of an empty library. Talks to the emulator's api.video surface with the dev key (Basic auth, as
 * api.video's server SDKs do). Returns how many videos it stamped.
 */
export async function assignSeedOwners(
  emulatorUrl: string,
  apiKey: string,
  { owners, metadataKey = 'keyward:owner' }: { owners: readonly string[]; metadataKey?: string }
): Promise<number> {
  const headers = {
    authorization: `Basic ${btoa(`${apiKey}:`)}`,
    'content-type': 'application/json',
  }
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emulatorUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${method} ${path}: the emulator answered ${res.status}`)
    return res.json() as Promise<Record<string, unknown>>
  }
  const { data } = (await call('GET', '/videos?pageSize=100&sortBy=createdAt&sortOrder=asc')) as {
    data: Array<{ videoId: string; metadata?: Array<{ key: string; value: string }> }>
  }
  let stamped = 0
  for (const [index, video] of data.entries()) {
    if (owners.length === 0 || video.metadata?.some(({ key }) => key === metadataKey)) continue
    const owner = owners[index % owners.length] as string
    const metadata = [...(video.metadata ?? []), { key: metadataKey, value: owner }]
    await call('PATCH', `/videos/${video.videoId}`, { metadata })
    stamped++
  }
  return stamped
}
