export { type ApiOptions, createApi } from './api.ts'
export {
  type AuthFetch,
  type AuthFetchOptions,
  createAuthFetch,
  isInvalidToken,
  type RenewState,
} from './auth-fetch.ts'
export { KeywardError, type KeywardErrorCode } from './errors.ts'
export { createTokenSource } from './token-source.ts'
export type {
  GetTokenOptions,
  Token,
  TokenSource,
  TokenSourceEventMap,
  TokenSourceOptions,
} from './token-types.ts'
export { getUploadToken, type UploadToken, type UploadTokenOptions } from './upload-token.ts'
