export { type ApiOptions, createApi } from './api.ts'
export type { Metadata, Page, Pagination, PaginationLink, Video } from './api-video-types.ts'
export {
  type AuthFetch,
  type AuthFetchOptions,
  createAuthFetch,
  isInvalidToken,
  type RenewState,
} from './auth-fetch.ts'
export {
  isKeywardError,
  KeywardError,
  type KeywardErrorCode,
  type KeywardErrorOptions,
  type Problem,
} from './errors.ts'
export { createTokenSource } from './token-source.ts'
export type {
  GetTokenOptions,
  Token,
  TokenSnapshot,
  TokenSource,
  TokenSourceOptions,
  TokenState,
} from './token-types.ts'
