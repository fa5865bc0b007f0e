export { type ApiOptions, createApi } from './api.ts'
export { KeywardError, type KeywardErrorCode } from './errors.ts'
export {
  createTokenSource,
  type Token,
  type TokenSource,
  type TokenSourceOptions,
} from './token-source.ts'
