import { createApi, createTokenSource } from '@keyward/client'

interface Video {
  videoId: string
  title: string
}

const status = document.querySelector<HTMLElement>('#status')
const list = document.querySelector<HTMLUListElement>('#videos')

async function main(): Promise<void> {
  const config = (await (await fetch('/keyward.json')).json()) as { brokerUrl: string }
  const tokens = createTokenSource({ url: `${config.brokerUrl}/v1/token` })
  const api = createApi({ tokens, prefix: `${config.brokerUrl}/v1/api` })
  const { data } = await api.get('videos').json<{ data: Video[] }>()
  list?.replaceChildren(
    ...data.map((video) => {
      const item = document.createElement('li')
      item.textContent = video.title
      return item
    })
  )
  if (status) status.textContent = `${data.length} videos`
}

main().catch((error: unknown) => {
  if (status) status.textContent = `Could not load videos: ${String(error)}`
})
