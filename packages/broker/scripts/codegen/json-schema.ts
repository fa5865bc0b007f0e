/**
 * OpenAPI 3.0 schemas to the JSON Schema ajv compiles: `$ref`s inlined, `nullable` spelled as a
 * type, annotations dropped, and every object closed (`additionalProperties: false`) so that an
 * unknown property is refused rather than passed on to api.video.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

/**
 * The assertion keywords kept as they are; everything else (description, example, default, x-*)
 * is annotation. `items`, `properties` and `additionalProperties` are converted apart.
 */
export const KEPT_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'enum',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'required',
])

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Follows a local `$ref` such as `#/components/schemas/metadata`. */
export function resolveRef(spec: JsonObject, ref: string): JsonObject {
  let node: Json = spec
  for (const part of ref.replace(/^#\//, '').split('/')) {
    node = isObject(node) ? (node[part] ?? null) : null
  }
  if (!isObject(node)) throw new Error(`Unresolvable $ref: ${ref}`)
  return node
}

/** One OpenAPI schema as closed JSON Schema. */
export function toJsonSchema(
  spec: JsonObject,
  schema: JsonObject,
  seen: string[] = []
): JsonObject {
  if (typeof schema.$ref === 'string') {
    if (seen.includes(schema.$ref)) throw new Error(`Recursive schema: ${schema.$ref}`)
    return toJsonSchema(spec, resolveRef(spec, schema.$ref), [...seen, schema.$ref])
  }
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(schema)) {
    if (KEPT_KEYWORDS.has(key)) out[key] = value
  }
  if (isObject(schema.items)) out.items = toJsonSchema(spec, schema.items, seen)
  if (isObject(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [
        name,
        toJsonSchema(spec, property as JsonObject, seen),
      ])
    )
  }
  if (schema.type === 'object') {
    out.additionalProperties = isObject(schema.additionalProperties)
      ? toJsonSchema(spec, schema.additionalProperties, seen)
      : schema.additionalProperties === true
  }
  if (schema.nullable === true) {
    out.type = [schema.type as string, 'null']
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
  }
  return out
}
