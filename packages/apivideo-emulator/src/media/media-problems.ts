/**
 * Problems of the thumbnail, caption, chapter and watermark uploads, from api.video's error
 * catalogue (docs `reference/` pages "Uploaded File Extension Invalid" and "Video Upload Errors").
 * The extension title varies by route, so each route passes its own `title`.
 */
export const MEDIA_PROBLEMS = {
  'uploaded-file-extension-invalid': [400, 'The uploaded file extension is invalid.'],
  'uploaded-file-invalid-file': [400, 'The uploaded file is invalid.'],
} as const satisfies Record<string, readonly [number, string]>
