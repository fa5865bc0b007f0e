import type { ContractViolation, Validator } from '../operation-rule.ts'
import { FORMATS, ucs2length } from './formats.ts'

/**
 * The JSON Schema (draft 7) subset the generator writes from api.video's OpenAPI file: the
 * keywords `scripts/codegen/json-schema.ts` keeps, `$ref`s already inlined.
 */
export interface Schema {
  type?: string | readonly string[]
  enum?: readonly (string | number | boolean | null)[]
  pattern?: string
  format?: string
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
  minimum?: number
  maximum?: number
  required?: readonly string[]
  properties?: Readonly<Record<string, Schema>>
  additionalProperties?: boolean | Schema
  items?: Schema
}

/*
 * Checks data against a schema the way ajv's compiled code does with the broker's options
 * (`allErrors: false`, strict numbers, and for query strings `coerceTypes: 'array'`): the same
 * keyword order, the same first error, the same coercions. A small interpreter over the schemas
 * as data is a fraction of the size of ajv's code for them, which the Worker bundle carries; a
 * test holds the two to the same verdicts.
 */

/**
 * A validator for `schema`; `coerce` takes query values as text (`"2"` is the integer 2, one
 * value is a one-item array), as ajv's `coerceTypes: 'array'` does.
 */
export function validator(schema: Schema, coerce = false): Validator {
  const validate: Validator = (data) => {
    const violation = check(schema, data, coerce)
    validate.errors = violation === undefined ? null : [violation]
    return violation === undefined
  }
  return validate
}

type Found = ContractViolation | undefined

function check(schema: Schema, input: unknown, coerce: boolean): Found {
  let data = input
  const { type } = schema
  if (type !== undefined && !isOneOf(type, data)) {
    const coerced = coerce ? coerceTo(type, data) : NONE
    if (coerced === NONE) return violation('type', { type })
    data = coerced
  }
  if (schema.enum !== undefined && !schema.enum.includes(data as never)) {
    return violation('enum', { allowedValues: schema.enum })
  }
  if (typeof data === 'number') return checkNumber(schema, data)
  if (typeof data === 'string') return checkString(schema, data)
  if (Array.isArray(data)) return checkArray(schema, data, coerce)
  if (isType('object', data)) return checkObject(schema, data as object, coerce)
  return undefined
}

function checkNumber({ maximum, minimum }: Schema, data: number): Found {
  if (maximum !== undefined && data > maximum) {
    return violation('maximum', { comparison: '<=', limit: maximum })
  }
  if (minimum !== undefined && data < minimum) {
    return violation('minimum', { comparison: '>=', limit: minimum })
  }
  return undefined
}

function checkString(schema: Schema, data: string): Found {
  const { maxLength, minLength, pattern, format } = schema
  if (maxLength !== undefined && ucs2length(data) > maxLength) {
    return violation('maxLength', { limit: maxLength })
  }
  if (minLength !== undefined && ucs2length(data) < minLength) {
    return violation('minLength', { limit: minLength })
  }
  if (pattern !== undefined && !regExp(pattern).test(data)) {
    return violation('pattern', { pattern })
  }
  const checked = format === undefined ? undefined : FORMATS[format as keyof typeof FORMATS]
  if (checked !== undefined && !checked.test(data)) return violation('format', { format })
  return undefined
}

function checkArray(schema: Schema, data: unknown[], coerce: boolean): Found {
  const { maxItems, minItems, items } = schema
  if (maxItems !== undefined && data.length > maxItems) {
    return violation('maxItems', { limit: maxItems })
  }
  if (minItems !== undefined && data.length < minItems) {
    return violation('minItems', { limit: minItems })
  }
  if (items === undefined) return undefined
  for (let index = 0; index < data.length; index++) {
    const found = check(items, data[index], coerce)
    if (found !== undefined) return within(String(index), found)
  }
  return undefined
}

const NOTHING: readonly string[] = []
const NO_PROPERTIES: Readonly<Record<string, Schema>> = {}

function checkObject(schema: Schema, data: object, coerce: boolean): Found {
  const members = data as Record<string, unknown>
  const { required = NOTHING, properties = NO_PROPERTIES, additionalProperties } = schema
  for (const name of required) {
    if (members[name] === undefined) return violation('required', { missingProperty: name })
  }
  if (additionalProperties !== undefined && additionalProperties !== true) {
    for (const key in members) {
      if (Object.hasOwn(properties, key)) continue
      if (additionalProperties === false) {
        return violation('additionalProperties', { additionalProperty: key })
      }
      const found = check(additionalProperties, members[key], coerce)
      if (found !== undefined) return within(key, found)
    }
  }
  for (const name in properties) {
    const value = members[name]
    if (value === undefined) continue
    const found = check(properties[name] as Schema, value, coerce)
    if (found !== undefined) return within(name, found)
  }
  return undefined
}

function isOneOf(type: string | readonly string[], data: unknown): boolean {
  if (typeof type === 'string') return isType(type, data)
  for (const name of type) if (isType(name, data)) return true
  return false
}

function isType(type: string, data: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof data === 'string'
    case 'number':
      return typeof data === 'number' && Number.isFinite(data)
    case 'integer':
      return typeof data === 'number' && Number.isInteger(data)
    case 'boolean':
      return typeof data === 'boolean'
    case 'null':
      return data === null
    case 'array':
      return Array.isArray(data)
    default:
      return typeof data === 'object' && data !== null && !Array.isArray(data)
  }
}

const NONE = Symbol('not coerced')

/** ajv's `coerceTypes: 'array'`: unwrap a one-item array, then the first type that takes it. */
function coerceTo(type: string | readonly string[], input: unknown): unknown {
  let data = input
  if (Array.isArray(data) && data.length === 1) {
    data = data[0]
    if (isOneOf(type, data)) return data
  }
  for (const name of typeof type === 'string' ? [type] : type) {
    const coerced = coerceOne(name, data)
    if (coerced !== NONE) return coerced
  }
  return NONE
}

function coerceOne(type: string, data: unknown): unknown {
  const kind = typeof data
  switch (type) {
    case 'string':
      if (kind === 'number' || kind === 'boolean') return `${data}`
      return data === null ? '' : NONE
    case 'number':
    case 'integer': {
      // ajv's `data && data == +data`: non-empty text that reads as a number.
      const numeric = kind === 'string' && data !== '' && !Number.isNaN(Number(data))
      if (!(kind === 'boolean' || data === null || numeric)) return NONE
      return type === 'integer' && kind === 'string' && +(data as string) % 1
        ? NONE
        : +(data as never)
    }
    case 'boolean':
      if (data === 'false' || data === 0 || data === null) return false
      return data === 'true' || data === 1 ? true : NONE
    case 'null':
      return data === '' || data === 0 || data === false ? null : NONE
    case 'array':
      return kind === 'string' || kind === 'number' || kind === 'boolean' || data === null
        ? [data]
        : NONE
    default:
      return NONE
  }
}

const patterns = new Map<string, RegExp>()

/** api.video's patterns are written for plain JavaScript regular expressions (no `u` flag). */
function regExp(pattern: string): RegExp {
  let compiled = patterns.get(pattern)
  if (compiled === undefined) {
    compiled = new RegExp(pattern)
    patterns.set(pattern, compiled)
  }
  return compiled
}

/** The violation found in a member, its path prefixed with the member's name (RFC 6901 §3). */
function within(member: string, found: ContractViolation): ContractViolation {
  const segment = member.replace(/~/g, '~0').replace(/\//g, '~1')
  return { ...found, instancePath: `/${segment}${found.instancePath}` }
}

/** The path is filled in on the way out, so a valid request never builds one. */
function violation(keyword: string, params: Record<string, unknown>): ContractViolation {
  return { instancePath: '', keyword, params }
}
