import { contractViolation } from '../../errors.ts'
import type { QueryContract } from '../operation-rule.ts'
import { describeViolation } from './violations.ts'

const DEEP_OBJECT = /^([^[\]]+)\[([^[\]]+)\](\[\])?$/

/**
 * Refuses any query parameter the operation does not declare, and any declared one of the wrong
 * type, before api.video sees it. The query string is forwarded as sent, once checked.
 */
export function checkQuery(search: string, contract: QueryContract | undefined): void {
  // An empty query has no names to read: in workerd a URLSearchParams is a C++ object, and making
  // and walking one cost more than the rest of the check.
  const params = search === '' || search === '?' ? undefined : new URLSearchParams(search)
  if (contract === undefined) {
    const [first] = params?.keys() ?? []
    if (first === undefined) return
    throw contractViolation([
      { in: 'query', name: first, reason: 'is not a parameter of this operation' },
    ])
  }
  const query =
    params === undefined ? Object.create(null) : queryObject(params, contract.deepObjects)
  if (contract.validate(query)) return
  const [violation] = contract.validate.errors ?? []
  if (violation === undefined) throw contractViolation([])
  throw contractViolation([describeViolation('query', violation, queryName)])
}

/**
 * The query as the object the validator checks: `name[key]=value` nested for a deepObject
 * parameter, repeated names as arrays. Null prototypes, so `__proto__` is just an unknown name.
 */
function queryObject(
  params: URLSearchParams,
  deepObjects: readonly string[]
): Record<string, unknown> {
  const query: Record<string, unknown> = Object.create(null)
  for (const [key, value] of params) {
    const deep = DEEP_OBJECT.exec(key)
    if (deep?.[1] !== undefined && deep[2] !== undefined && deepObjects.includes(deep[1])) {
      query[deep[1]] ??= Object.create(null)
      add(query[deep[1]] as Record<string, unknown>, deep[2], value, deep[3] !== undefined)
    } else {
      add(query, key, value, false)
    }
  }
  return query
}

function add(target: Record<string, unknown>, key: string, value: string, list: boolean): void {
  const current = target[key]
  if (current === undefined) target[key] = list ? [value] : value
  else if (Array.isArray(current)) current.push(value)
  else target[key] = [current, value]
}

/** `/filterBy/browser` as it is written in a query string: `filterBy[browser]`. */
function queryName(pointer: string): string {
  const [first = '', ...rest] = pointer.split('/').slice(1)
  return first + rest.map((part) => `[${part}]`).join('')
}
