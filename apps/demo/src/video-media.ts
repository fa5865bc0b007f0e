import type { Keyward } from './keyward.ts'
import type { Video } from './videos.ts'

/** The fields of an api.video Caption object the demo shows. */
export interface Caption {
  srclang: string
  languageName?: string
  src: string
  default: boolean
}

interface CaptionPage {
  data: Caption[]
}

const videoPath = (videoId: string) => `videos/${encodeURIComponent(videoId)}`

/** Makes the frame at `timecode` (`hh:mm:ss.ms`) the video's thumbnail. */
export async function pickThumbnail(
  keyward: Keyward,
  videoId: string,
  timecode: string
): Promise<Video> {
  const api = await keyward.api()
  return api.patch(`${videoPath(videoId)}/thumbnail`, { json: { timecode } }).json<Video>()
}

/** Uploads a JPEG or PNG as the video's thumbnail (multipart, part `file`). */
export async function uploadThumbnail(
  keyward: Keyward,
  videoId: string,
  image: File
): Promise<Video> {
  const api = await keyward.api()
  return api.post(`${videoPath(videoId)}/thumbnail`, { body: filePart(image) }).json<Video>()
}

/** The video's caption tracks (one page of 100 is more than any video has). */
export async function listCaptions(keyward: Keyward, videoId: string): Promise<Caption[]> {
  const api = await keyward.api()
  const searchParams = { pageSize: 100 }
  return (await api.get(`${videoPath(videoId)}/captions`, { searchParams }).json<CaptionPage>())
    .data
}

/** Adds (or replaces) the WebVTT caption track of `language`, an IETF tag such as `fr`. */
export async function addCaption(
  keyward: Keyward,
  videoId: string,
  language: string,
  vtt: File
): Promise<Caption> {
  const api = await keyward.api()
  const path = `${videoPath(videoId)}/captions/${encodeURIComponent(language)}`
  return api.post(path, { body: filePart(vtt) }).json<Caption>()
}

export async function removeCaption(
  keyward: Keyward,
  videoId: string,
  language: string
): Promise<void> {
  const api = await keyward.api()
  await api.delete(`${videoPath(videoId)}/captions/${encodeURIComponent(language)}`)
}

function filePart(file: File): FormData {
  const form = new FormData()
  form.append('file', file, file.name)
  return form
}
