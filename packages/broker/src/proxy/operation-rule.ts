import type { Scope } from '../scopes.ts'

/**
 * The shape of one proxy rule. The rules themselves are generated from api.video's OpenAPI file
 * into `generated/operations.ts`; this module only describes them, so the table and the code that
 * reads it depend on it, not on each other.
 */

/** How a proxied call's body travels: not at all, buffered (so it can be replayed), or streamed. */
export type BodyKind = 'none' | 'json' | 'stream'

/** One failure a validator reports (shaped as ajv's error object: the members the broker reads). */
export interface ContractViolation {
  instancePath: string
  keyword: string
  params: Record<string, unknown>
}

/** A validator generated from the OpenAPI file at build time (schemas as data, no eval). */
export interface Validator {
  (data: unknown): boolean
  errors?: ContractViolation[] | null
}

/** A request field that widens what a browser can do, refused unless the deployment allows it. */
export interface SensitiveField {
  name: string
  /** A value that narrows rather than widens (`public: false`), always accepted. */
  harmless?: unknown
}

/** One part of a multipart body. */
export interface FormPart {
  name: string
  /** A file (`format: binary`) rather than a text field. */
  file: boolean
  required: boolean
}

/** What an operation's body must be. */
export type BodyContract =
  | { kind: 'none' }
  | { kind: 'json'; validate: Validator; sensitive: readonly SensitiveField[] }
  /** A small multipart body, buffered and checked part by part. */
  | { kind: 'form'; parts: readonly FormPart[]; maxBytes: number }
  /** A video's source, streamed under `maxUploadBytes`; its one part is checked as it starts. */
  | { kind: 'stream'; part: string }

export interface QueryContract {
  /** Parameters sent as `name[key]=value` (OpenAPI `style: deepObject`). */
  deepObjects: readonly string[]
  validate: Validator
}

export interface ProxyRule {
  /** api.video's operationId, a stable name for logs, e.g. `LIST-videos`. */
  operation: string
  method: string
  /** The OpenAPI path template, e.g. `/videos/{videoId}`. */
  path: string
  /** Matched against the raw, still percent-encoded path after `/v1/api`. */
  pattern: RegExp
  scope: Scope
  /**
   * The index of the path segment that holds a video id (`{videoId}`), e.g. 2 in
   * `/videos/{videoId}/status`: what ownership mode checks. Absent when no video id is in the path.
   */
  videoIdAt?: number
  /** `undefined`: the operation takes no query parameter at all. */
  query: QueryContract | undefined
  body: BodyContract
}
