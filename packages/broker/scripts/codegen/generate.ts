import { parse } from 'yaml'
import { pathPattern } from '../../src/proxy/rule-table.ts'
import { compileValidators } from './compile.ts'
import { emitOperations } from './emit.ts'
import { isObject, type JsonObject, resolveRef, toJsonSchema } from './json-schema.ts'
import {
  declaredSize,
  neverFromABrowser,
  PARAMETER_SHAPES,
  parameterSample,
  type SensitiveField,
  scopeOf,
  sensitiveFields,
} from './policy.ts'
import { emitSamples } from './samples.ts'

/** Buffered multipart parts (thumbnails, captions, logos) whose size the spec does not state. */
export const UNDECLARED_PART_BYTES = 8 * 1024 * 1024

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

export interface Operation {
  operationId: string
  /** camelCase of the operationId: the name of its validators. */
  name: string
  method: string
  path: string
  scope: string
  /** The values of the path parameters the spec lists them for (`{metric}`). */
  enums: Record<string, string[]>
  /** A path the operation's pattern matches, for the generated tests. */
  samplePath: string
  query: { schema: JsonObject; deepObjects: string[] } | undefined
  body: OperationBody
}

export type OperationBody =
  | { kind: 'none' }
  | { kind: 'json'; schema: JsonObject; sensitive: SensitiveField[]; sample: JsonObject }
  | { kind: 'form'; parts: FormPart[]; maxBytes: number; declared: boolean }
  | { kind: 'stream'; part: string }

export interface FormPart {
  name: string
  file: boolean
  required: boolean
}

export interface Spec {
  allowed: Operation[]
  /** Operations a browser never reaches, as `METHOD /path`. */
  refused: string[]
  /** The schemas of parameters the spec shares between operations, by ajv id. */
  sharedParameters: Record<string, JsonObject>
}

/** Reads every operation of api.video's OpenAPI file and applies the broker's policy to it. */
export function readSpec(text: string): Spec {
  const spec = parse(text) as JsonObject & { components?: { parameters?: JsonObject } }
  const allowed: Operation[] = []
  const refused: string[] = []
  for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
    for (const method of METHODS) {
      const op = (item as JsonObject)[method]
      if (!isObject(op)) continue
      const upper = method.toUpperCase()
      if (neverFromABrowser(upper, path)) refused.push(`${upper} ${path}`)
      else allowed.push(readOperation(spec, upper, path, op))
    }
  }
  const sharedParameters: Record<string, JsonObject> = {}
  for (const [name, parameter] of Object.entries(spec.components?.parameters ?? {})) {
    const schema = toJsonSchema(spec, (parameter as JsonObject).schema as JsonObject)
    sharedParameters[sharedId(`#/components/parameters/${name}`)] = schema
  }
  return { allowed, refused, sharedParameters }
}

function readOperation(spec: JsonObject, method: string, path: string, op: JsonObject): Operation {
  const parameters = ((op.parameters ?? []) as JsonObject[]).map((parameter) =>
    typeof parameter.$ref === 'string'
      ? { ...resolveRef(spec, parameter.$ref), shared: parameter.$ref }
      : parameter
  )
  const inPath = parameters.filter((parameter) => parameter.in === 'path')
  const inQuery = parameters.filter((parameter) => parameter.in === 'query')
  const operationId = String(op.operationId)
  const enums: Record<string, string[]> = {}
  for (const parameter of inPath) {
    const values = (parameter.schema as JsonObject).enum
    if (Array.isArray(values)) enums[String(parameter.name)] = values as string[]
  }
  const samplePath = fillPath(path, inPath, parameterSample)
  // The pattern is built from the path at run time: fail here if it could not be, or misses.
  if (!pathPattern(path, PARAMETER_SHAPES, enums).test(samplePath)) {
    throw new Error(`The pattern of ${path} does not match ${samplePath}`)
  }
  return {
    operationId,
    name: camelCase(operationId),
    method,
    path,
    scope: scopeOf(method, path),
    enums,
    samplePath,
    query: inQuery.length === 0 ? undefined : queryContract(spec, inQuery),
    body: bodyContract(spec, method, path, op),
  }
}

function fillPath(
  path: string,
  parameters: JsonObject[],
  fill: (name: string, values: readonly string[] | undefined) => string
): string {
  return path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const parameter = parameters.find((candidate) => candidate.name === name)
    if (!parameter) throw new Error(`Undeclared path parameter ${name} in ${path}`)
    const schema = parameter.schema as JsonObject
    return fill(name, Array.isArray(schema.enum) ? (schema.enum as string[]) : undefined)
  })
}

function queryContract(spec: JsonObject, parameters: JsonObject[]) {
  const properties: JsonObject = {}
  const required: string[] = []
  const deepObjects: string[] = []
  for (const parameter of parameters) {
    const name = String(parameter.name)
    // A parameter the spec shares between operations is compiled once and referenced.
    properties[name] =
      typeof parameter.shared === 'string'
        ? { $ref: sharedId(parameter.shared) }
        : toJsonSchema(spec, parameter.schema as JsonObject)
    if (parameter.required === true) required.push(name)
    if (parameter.style === 'deepObject') deepObjects.push(name)
  }
  const schema: JsonObject = { type: 'object', properties, additionalProperties: false }
  if (required.length > 0) schema.required = required
  return { schema, deepObjects }
}

/** The ajv id of a shared parameter's schema, e.g. `parameter-filterBy`. */
export function sharedId(ref: string): string {
  return `parameter-${ref.split('/').pop()}`
}

function bodyContract(
  spec: JsonObject,
  method: string,
  path: string,
  op: JsonObject
): OperationBody {
  const content = isObject(op.requestBody) ? (op.requestBody.content as JsonObject) : undefined
  if (content === undefined) return { kind: 'none' }
  const [type, media] = Object.entries(content)[0] ?? []
  const raw = (media as JsonObject).schema as JsonObject
  const resolved = typeof raw.$ref === 'string' ? resolveRef(spec, raw.$ref) : raw
  if (type === 'application/json') {
    const schema = toJsonSchema(spec, resolved)
    const properties = Object.keys(schema.properties as JsonObject)
    return {
      kind: 'json',
      schema,
      sensitive: sensitiveFields(method, path, properties),
      sample: sampleBody(resolved),
    }
  }
  if (type !== 'multipart/form-data') throw new Error(`Unexpected body type ${type} on ${path}`)
  const properties = Object.entries(resolved.properties as JsonObject)
  const required = (resolved.required ?? []) as string[]
  if (op['x-client-chunk-upload'] !== undefined) {
    if (properties.length !== 1) throw new Error(`A chunked upload takes one part: ${path}`)
    return { kind: 'stream', part: properties[0]?.[0] as string }
  }
  const size = declaredSize(String(op.description ?? ''))
  return {
    kind: 'form',
    parts: properties.map(([name, schema]) => ({
      name,
      file: (schema as JsonObject).format === 'binary',
      required: required.includes(name),
    })),
    maxBytes: size ?? UNDECLARED_PART_BYTES,
    declared: size !== undefined,
  }
}

/** Sample values for required properties the spec gives no example of (tests only). */
const SAMPLE_VALUES: JsonObject = { timecode: '00:01:00.00' }

/** The smallest valid body: the spec's example of each required property. */
function sampleBody(schema: JsonObject): JsonObject {
  const properties = schema.properties as JsonObject
  const sample: JsonObject = {}
  for (const name of (schema.required ?? []) as string[]) {
    const property = properties[name] as JsonObject
    const values = Array.isArray(property.enum) ? property.enum : []
    sample[name] = property.example ?? values[0] ?? SAMPLE_VALUES[name] ?? 'x'
  }
  return sample
}

function camelCase(operationId: string): string {
  const [first = '', ...rest] = operationId.split(/[^A-Za-z0-9]+/)
  return [first.toLowerCase(), ...rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('')
}

export interface GeneratedFiles {
  'operations.ts': string
  'query-validators.ts': string
  'body-validators.ts': string
  'samples.ts': string
}

/** Every generated file, from the OpenAPI file's text. */
export function generate(specText: string): GeneratedFiles {
  const spec = readSpec(specText)
  const validators = compileValidators(spec.allowed, spec.sharedParameters)
  return {
    'operations.ts': emitOperations(spec),
    'query-validators.ts': validators.query,
    'body-validators.ts': validators.body,
    'samples.ts': emitSamples(spec),
  }
}
