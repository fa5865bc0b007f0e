import { type Context, Hono } from 'hono'
import type { ResolvedOptions } from '../options.ts'
import { ApiProblem } from '../problem.ts'
import type { UploadTokenStore } from '../upload-tokens/upload-token-store.ts'
import { assetBases } from '../videos/assets.ts'
import { find } from '../videos/video-routes.ts'
import { renderVideo, type VideoStore } from '../videos/video-store.ts'
import { parseContentRange } from './content-range.ts'
import type { IngestStore } from './ingest.ts'
import { readUploadForm } from './multipart.ts'

export interface UploadRouteDeps {
  videos: VideoStore
  ingests: IngestStore
  uploadTokens: UploadTokenStore
  options: ResolvedOptions
}

/**
 * `POST /videos/{videoId}/source` (auth applied outside) and `POST /upload?token=…` (no auth: the
 * delegated token is the credential). Both answer 201 with the Video after every chunk.
 */
export function uploadRoutes({ videos, ingests, uploadTokens, options }: UploadRouteDeps) {
  const app = new Hono()

  const respond = (c: Context, videoId: string) =>
    c.json(renderVideo(find(videos, videoId), assetBases(options, c.req.url)), 201)

  app.post('/videos/:videoId/source', async (c) => {
    const { videoId } = find(videos, c.req.param('videoId'))
    const range = parseContentRange(c.req.header('content-range'))
    const { chunk } = await readUploadForm(c.req.raw, options.maxUploadBytes)
    ingests.accept(videoId, range, chunk)
    videos.touch(videoId)
    return respond(c, videoId)
  })

  app.post('/upload', async (c) => {
    const token = c.req.query('token')
    if (!token) throw new ApiProblem('authentication-missing-upload-token')
    if (!uploadTokens.get(token)) throw new ApiProblem('authentication-invalid-upload-token')
    const range = parseContentRange(c.req.header('content-range'))
    const { chunk, videoId } = await readUploadForm(c.req.raw, options.maxUploadBytes)
    if (videoId !== undefined) {
      find(videos, videoId)
      ingests.accept(videoId, range, chunk)
      videos.touch(videoId)
      return respond(c, videoId)
    }
    // Without `videoId` every chunk makes a new video, even with a token already used: the real
    // service does not link chunks by token (api.video-nodejs-client#216, api.video's docs: Video upload).
    const created = videos.create({ title: chunk.filename || 'file' })
    try {
      ingests.accept(created.videoId, range, chunk)
    } catch (error) {
      videos.delete(created.videoId)
      throw error
    }
    return respond(c, created.videoId)
  })

  return app
}
