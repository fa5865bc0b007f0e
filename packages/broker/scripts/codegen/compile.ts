import { FORMATS } from '../../src/proxy/contracts/formats.ts'
import { type Schema, validator } from '../../src/proxy/contracts/schema-validator.ts'
import { HEADER } from './emit.ts'
import type { Operation } from './generate.ts'
import { isObject, type JsonObject, KEPT_KEYWORDS } from './json-schema.ts'

/*
 * The validators are the schemas as data, read by a small interpreter at run time
 * (`src/proxy/contracts/schema-validator.ts`): ajv's standalone code for the same schemas was
 * several times larger in the Worker bundle. Sub-schemas used more than once are written once.
 */

const IMPORT = `import { validator } from '../contracts/schema-validator.ts'\n`

/** The keywords the interpreter knows; anything else stops the generator. */
const KEYWORDS = new Set([...KEPT_KEYWORDS, 'properties', 'additionalProperties', 'items'])
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'])
/** Formats that only annotate (a file part, a URL api.video checks itself): never checked. */
const ANNOTATIONS = new Set(['uri', 'binary', 'string'])

/** The query and JSON body validators of every operation, as ES module source. */
export function compileValidators(
  operations: Operation[],
  sharedParameters: Record<string, JsonObject>
): { query: string; body: string } {
  const query: Record<string, JsonObject> = {}
  const body: Record<string, JsonObject> = {}
  for (const operation of operations) {
    if (operation.query) {
      query[operation.name] = inlineRefs(operation.query.schema, sharedParameters)
    }
    if (operation.body.kind === 'json') {
      body[operation.name] = operation.body.schema
      const validate = validator(operation.body.schema as Schema)
      if (!validate(structuredClone(operation.body.sample))) {
        throw new Error(`The sample body of ${operation.operationId} is invalid`)
      }
    }
  }
  for (const schema of [...Object.values(query), ...Object.values(body)]) assertSupported(schema)
  return { query: emitModule(query, true), body: emitModule(body, false) }
}

/** A query schema with each shared parameter (`{ $ref }`) replaced by its schema. */
function inlineRefs(schema: JsonObject, shared: Record<string, JsonObject>): JsonObject {
  const properties = Object.entries(schema.properties as JsonObject).map(([name, property]) => {
    const ref = (property as JsonObject).$ref
    if (typeof ref !== 'string') return [name, property]
    const target = shared[ref]
    if (target === undefined) throw new Error(`Unknown shared parameter ${ref}`)
    return [name, target]
  })
  return { ...schema, properties: Object.fromEntries(properties) }
}

/** The schema uses only what the interpreter implements, as ajv's strict mode required. */
function assertSupported(schema: JsonObject): void {
  for (const [keyword, value] of Object.entries(schema)) {
    if (!KEYWORDS.has(keyword)) throw new Error(`Unsupported schema keyword ${keyword}`)
    if (keyword === 'format' && !(String(value) in FORMATS) && !ANNOTATIONS.has(String(value))) {
      throw new Error(`Unknown format ${String(value)}`)
    }
    if (keyword === 'pattern') new RegExp(String(value))
    if (
      keyword === 'enum' &&
      (value as unknown[]).some((item) => typeof item === 'object' && item !== null)
    ) {
      throw new Error('Only enums of strings, numbers, booleans and null are supported')
    }
  }
  const types = schema.type === undefined ? [] : [schema.type].flat()
  for (const type of types) if (!TYPES.has(String(type))) throw new Error(`Unknown type ${type}`)
  for (const child of children(schema)) assertSupported(child)
}

function children(schema: JsonObject): JsonObject[] {
  const found: JsonObject[] = []
  if (isObject(schema.properties)) found.push(...(Object.values(schema.properties) as JsonObject[]))
  if (isObject(schema.items)) found.push(schema.items)
  if (isObject(schema.additionalProperties)) found.push(schema.additionalProperties)
  return found
}

/** One `validator(...)` export per operation, repeated sub-schemas hoisted into constants. */
function emitModule(schemas: Record<string, JsonObject>, coerce: boolean): string {
  const uses = new Map<string, number>()
  const count = (schema: JsonObject) => {
    const key = JSON.stringify(schema)
    uses.set(key, (uses.get(key) ?? 0) + 1)
    for (const child of children(schema)) count(child)
  }
  for (const schema of Object.values(schemas)) for (const child of children(schema)) count(child)
  // Shortest first: a fragment only refers to shorter ones, declared before it.
  const shared = [...uses]
    .filter(([, n]) => n > 1)
    .map(([key]) => key)
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
  const names = new Map(shared.map((key, index) => [key, `s${index}`]))
  const emit = (schema: JsonObject, top = false): string => {
    const name = top ? undefined : names.get(JSON.stringify(schema))
    if (name !== undefined) return name
    const members = Object.entries(schema).map(([keyword, value]) => {
      if (keyword === 'properties') {
        const properties = Object.entries(value as JsonObject).map(
          ([property, child]) => `${JSON.stringify(property)}:${emit(child as JsonObject)}`
        )
        return `properties:{${properties.join(',')}}`
      }
      return `${keyword}:${isObject(value) ? emit(value) : JSON.stringify(value)}`
    })
    return `{${members.join(',')}}`
  }
  const fragments = shared.map(
    (key) => `const ${names.get(key)}: Schema = ${emit(JSON.parse(key), true)}\n`
  )
  const exports = Object.entries(schemas).map(
    ([name, schema]) =>
      `export const ${name} = validator(${emit(schema, true)}${coerce ? ', true' : ''})\n`
  )
  const imports = IMPORT.replace('{ validator }', '{ type Schema, validator }')
  return `${HEADER}${imports}\n${fragments.join('')}\n${exports.join('')}`
}
