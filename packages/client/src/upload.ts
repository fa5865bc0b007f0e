export { getUploadToken, type UploadToken, type UploadTokenOptions } from './upload-token.ts'
