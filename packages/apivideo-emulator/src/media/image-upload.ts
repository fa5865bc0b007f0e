import { ApiProblem } from '../problem.ts'
import { readFilePart } from './file-part.ts'
import { type ImageType, sniffImage } from './image-type.ts'

/** "The max allowed size is 8 MiB" (OAS `video-thumbnail-upload-payload`). */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024

export interface UploadedImage {
  type: ImageType
  bytes: Uint8Array<ArrayBuffer>
}

/**
 * Reads a multipart image of one of `accepted` types; anything else gets the catalogue's
 * `uploaded-file-extension-invalid` with the list in its title, as the OAS examples show it.
 */
export async function readImage(
  request: Request,
  accepted: readonly ImageType[],
  maxBytes = MAX_IMAGE_BYTES
): Promise<UploadedImage> {
  const { bytes } = await readFilePart(request, maxBytes)
  const type = sniffImage(bytes)
  if (type === undefined || !accepted.includes(type)) {
    throw new ApiProblem('uploaded-file-extension-invalid', {
      name: 'file',
      title: `Only [${accepted.flatMap(extensions).join(', ')}] extensions are supported.`,
    })
  }
  return { type, bytes }
}

/** In the OAS examples' order: `jpeg, jpg, JPG, JPEG, png, PNG`. */
function extensions(type: ImageType): string[] {
  return type === 'jpeg' ? ['jpeg', 'jpg', 'JPG', 'JPEG'] : [type, type.toUpperCase()]
}
