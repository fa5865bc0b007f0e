import { readFileSync } from 'node:fs'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { expect } from 'vitest'
import { parse } from 'yaml'

/** The vendored api.video OpenAPI 3.0 file (see openapi/ORIGIN.md); nothing is copied by hand. */
const SPEC_URL = new URL('../../openapi/oas-apivideo.yaml', import.meta.url)

type Json = Record<string, unknown>

/**
 * Deliberate deviations from the spec, each explained in the README ("Deviations from the spec").
 * The validator reports everything else.
 */
export const DEVIATIONS = {
  /** Statuses the emulator answers where the spec declares none for the operation. */
  undeclaredStatuses: {
    // The spec declares no 401 anywhere; the docs' error catalogue lists the 401 family.
    '*': ['401', '404', '405', '413'],
    'POST /auth/refresh': ['401'],
    'GET /upload-tokens': ['400'],
    // Bad timecodes, sorts and languages are refused clearly where the spec declares no 400.
    'PATCH /videos/{videoId}/thumbnail': ['400'],
    'GET /tags': ['400'],
    'GET /videos/{videoId}/chapters/{language}': ['400'],
    'DELETE /videos/{videoId}/chapters/{language}': ['400'],
    // Validation and paging errors on operations whose spec lists no 400.
    'GET /live-streams': ['400'],
    'POST /players': ['400'],
    'PATCH /players/{playerId}': ['400'],
    'GET /webhooks': ['400'],
    // The summaries operations list neither 400 nor 429, yet validate and are rate limited.
    'POST /summaries': ['400', '429'],
    'GET /summaries': ['400', '429'],
    'DELETE /summaries/{summaryId}': ['429'],
    'GET /summaries/{summaryId}/source': ['429'],
    'PATCH /summaries/{summaryId}/source': ['400', '429'],
  } as Record<string, string[]>,
  /** Errors are `application/problem+json`, which old official clients test for; the spec says JSON. */
  errorContentType: 'application/problem+json',
  /** Pagination link URIs are relative, as in the docs and most examples; the schema says `uri`. */
  isRelativeLinkUri: (error: ErrorObject) =>
    error.keyword === 'format' && /^\/pagination\/links\/\d+\/uri$/.test(error.instancePath),
  /** A discarded video has `assets: null`, as every OAS example shows; the schema says object. */
  isNullAssetsOfDiscarded: (error: ErrorObject, body: unknown) => {
    const at = /^((?:\/data\/\d+)?)\/assets$/.exec(error.instancePath)
    if (!(at && error.keyword === 'type')) return false
    const video = at[1] ? (body as { data: unknown[] }).data[Number(at[1].slice(6))] : body
    return (video as { discarded?: unknown; assets?: unknown }).discarded === true
  },
  /**
   * Analytics `context` enums omit values their own operations take: the `play-total` metric and
   * `referrer` breakdown of `/data/buckets`, the `peak` and `live` aggregations of `ccv`.
   */
  isAnalyticsContextGap: (error: ErrorObject, body: unknown) => {
    const field = /^\/context\/(metric|aggregation|breakdown)$/.exec(error.instancePath)?.[1]
    if (error.keyword !== 'enum' || field === undefined) return false
    const value = (body as { context?: Record<string, unknown> }).context?.[field]
    return ['play-total', 'referrer', 'peak', 'live'].includes(String(value))
  },
}

// ajv-formats is CommonJS: under NodeNext its default export arrives as the module object.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default

let loaded: { spec: Json; ajv: Ajv } | undefined

function load() {
  if (loaded) return loaded
  const spec = toJsonSchema(parse(readFileSync(SPEC_URL, 'utf8'))) as Json
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false })
  addFormats(ajv)
  ajv.addFormat('binary', true)
  ajv.addSchema(spec, 'oas')
  loaded = { spec, ajv }
  return loaded
}

/** OpenAPI 3.0 `nullable: true` becomes a JSON Schema `null` type (and enum member). */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema)
  if (typeof node !== 'object' || node === null) return node
  const out: Json = {}
  for (const [key, value] of Object.entries(node)) out[key] = toJsonSchema(value)
  if (out.nullable === true) {
    delete out.nullable
    if (typeof out.type === 'string') out.type = [out.type, 'null']
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
    if (typeof out.$ref === 'string') return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] }
  }
  return out
}

const pointer = (...parts: string[]) =>
  `oas#/${parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`

const validators = new Map<string, ValidateFunction>()
function validator(ref: string): ValidateFunction {
  let validate = validators.get(ref)
  if (!validate) {
    validate = load().ajv.compile({ $ref: ref })
    validators.set(ref, validate)
  }
  return validate
}

/** Validates `res` against the spec's response for `method path` (path as templated in the spec). */
export async function expectConforms(
  res: Response,
  method: string,
  path: string
): Promise<unknown> {
  const operation = (load().spec.paths as Record<string, Record<string, Json>>)[path]?.[
    method.toLowerCase()
  ]
  if (!operation) throw new Error(`${method} ${path} is not in the spec`)
  const status = String(res.status)
  const declared = (operation.responses as Record<string, Json>)[status]
  const text = await res.text()
  if (!declared) {
    const allowed = [
      ...(DEVIATIONS.undeclaredStatuses['*'] ?? []),
      ...(DEVIATIONS.undeclaredStatuses[`${method} ${path}`] ?? []),
    ]
    expect(allowed, `${method} ${path} ${status} is declared or a listed deviation`).toContain(
      status
    )
    // Undeclared errors still have the spec's problem shape.
    validate(pointer('components', 'schemas', 'bad-request'), JSON.parse(text))
    expect(res.headers.get('content-type')).toBe(DEVIATIONS.errorContentType)
    return JSON.parse(text)
  }
  for (const header of Object.keys((declared.headers as Json | undefined) ?? {})) {
    expect(res.headers.get(header), `${header} on ${method} ${path} ${status}`).toMatch(/^\d+$/)
  }
  if (!(declared.content as Json | undefined)?.['application/json']) {
    expect(text, `${method} ${path} ${status} has no body`).toBe('')
    return undefined
  }
  const body = JSON.parse(text)
  const expectedType = res.status >= 400 ? DEVIATIONS.errorContentType : 'application/json'
  expect(res.headers.get('content-type')).toContain(expectedType)
  validate(
    pointer(
      'paths',
      path,
      method.toLowerCase(),
      'responses',
      status,
      'content',
      'application/json',
      'schema'
    ),
    body
  )
  return body
}

function validate(ref: string, body: unknown): void {
  const check = validator(ref)
  check(body)
  const errors = (check.errors ?? []).filter(
    (error) =>
      !DEVIATIONS.isRelativeLinkUri(error) &&
      !DEVIATIONS.isNullAssetsOfDiscarded(error, body) &&
      !DEVIATIONS.isAnalyticsContextGap(error, body)
  )
  expect(errors, `${ref}: ${JSON.stringify(errors.slice(0, 3))}`).toEqual([])
}
