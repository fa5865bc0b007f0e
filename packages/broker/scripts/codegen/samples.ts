import { HEADER } from './emit.ts'
import type { Operation, Spec } from './generate.ts'
import type { Json, JsonObject } from './json-schema.ts'

/** A value of the wrong type for a schema: text where it wants anything else, else a number. */
function wrongValue(schema: JsonObject): Json {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  if (type === 'string') return Array.isArray(schema.enum) ? 'not-one-of-the-values' : 42
  return 'not-a-valid-value'
}

/** The first declared query parameter with a type a wrong text can break (integer, enum…). */
function wrongQuery(op: Operation, shared: Record<string, JsonObject>): string | undefined {
  if (!op.query) return undefined
  for (const [name, declared] of Object.entries(op.query.schema.properties as JsonObject)) {
    const ref = (declared as JsonObject).$ref
    const schema = typeof ref === 'string' ? (shared[ref] as JsonObject) : (declared as JsonObject)
    if (schema.type === 'integer' || schema.type === 'boolean' || Array.isArray(schema.enum)) {
      return `${encodeURIComponent(name)}=not-a-valid-value`
    }
  }
  return undefined
}

/** The first property of a JSON body, with a value of the wrong type. */
function wrongBody(op: Operation): { field: string; value: Json } | undefined {
  if (op.body.kind !== 'json') return undefined
  const [field, schema] = Object.entries(op.body.schema.properties as JsonObject)[0] ?? []
  if (field === undefined) return undefined
  return { field, value: wrongValue(schema as JsonObject) }
}

/**
 * What the generated tests send to each operation: a matching path, the smallest valid JSON body,
 * a query parameter of the wrong type and a body field of the wrong type, where there are any.
 */
export function emitSamples({ allowed, sharedParameters }: Spec): string {
  const json = (value: unknown) => JSON.stringify(value)
  const entries = allowed.map((op) => {
    const sample: Record<string, unknown> = { path: op.samplePath }
    if (op.body.kind === 'json') sample.body = op.body.sample
    const query = wrongQuery(op, sharedParameters)
    if (query !== undefined) sample.wrongQuery = query
    const body = wrongBody(op)
    if (body !== undefined) sample.wrongBody = body
    return `  ${json(op.operationId)}: ${json(sample)},`
  })
  return `${HEADER}
/** A request each operation accepts, and wrong parts to try on it, by operationId (tests only). */
export interface Sample {
  path: string
  body?: Record<string, unknown>
  wrongQuery?: string
  wrongBody?: { field: string; value: unknown }
}

export const SAMPLES: Record<string, Sample> = {
${entries.join('\n')}
}
`
}
