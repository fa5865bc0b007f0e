import type { Scope } from '../scopes.ts'
import type { BodyContract, ProxyRule, QueryContract } from './operation-rule.ts'

/** What a generated entry states beyond its operationId, route and scope. */
export interface RuleParts {
  /** Absent: the operation takes no query parameter at all. */
  query?: QueryContract
  /** Absent: the operation takes no body. */
  body?: BodyContract
  /** The values a path parameter may take, when the spec lists them (`{metric}`). */
  enums?: Record<string, readonly string[]>
}

const NO_BODY: BodyContract = { kind: 'none' }

/**
 * The maker of the generated rule table's entries. Each entry states its route once
 * (`GET /videos/{videoId}`): the pattern and the video id's segment are derived from it here, with
 * `shapes` saying what each path parameter without an enum looks like.
 */
export function ruleMaker(shapes: Readonly<Record<string, string>>) {
  return (operation: string, route: string, scope: Scope, parts: RuleParts = {}): ProxyRule => {
    const [method = '', path = ''] = route.split(' ')
    const videoIdAt = path.split('/').indexOf('{videoId}')
    return {
      operation,
      method,
      path,
      pattern: pathPattern(path, shapes, parts.enums),
      scope,
      ...(videoIdAt === -1 ? {} : { videoIdAt }),
      query: parts.query,
      body: parts.body ?? NO_BODY,
    }
  }
}

/**
 * The pattern of an OpenAPI path: each parameter replaced by its enum or its shape, the rest kept
 * as written. A shape is plain letters, digits, `_` and `-`, so a dot segment or a percent-encoded
 * variant never matches: deny by default.
 */
export function pathPattern(
  path: string,
  shapes: Readonly<Record<string, string>>,
  enums: Readonly<Record<string, readonly string[]>> = {}
): RegExp {
  const source = path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const values = enums[name]
    if (values !== undefined) return `(?:${values.map(escapeRegExp).join('|')})`
    const shape = shapes[name]
    if (shape === undefined) throw new Error(`No shape for the path parameter ${name} of ${path}`)
    return shape
  })
  return new RegExp(`^${source}$`)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}
