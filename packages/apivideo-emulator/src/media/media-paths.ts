/** The routes of thumbnails, captions, chapters, watermarks, tags and discarded videos. */
export const MEDIA_API_PATHS = [
  '/videos/:videoId/thumbnail',
  '/videos/:videoId/captions',
  '/videos/:videoId/captions/:language',
  '/videos/:videoId/chapters',
  '/videos/:videoId/chapters/:language',
  '/watermarks',
  '/watermarks/:watermarkId',
  '/tags',
  '/discarded/videos',
  '/discarded/videos/:videoId',
]

/** Those not already under `/videos/*`, for the auth middleware. */
export const MEDIA_AUTH_PATHS = ['/watermarks', '/watermarks/*', '/tags', '/discarded/*']
