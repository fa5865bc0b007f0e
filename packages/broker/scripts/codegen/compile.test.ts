import { readFile } from 'node:fs/promises'
import { Ajv, type Options, type ValidateFunction } from 'ajv'
import { describe, expect, it } from 'vitest'
import { FORMATS } from '../../src/proxy/contracts/formats.ts'
import * as body from '../../src/proxy/generated/body-validators.ts'
import * as query from '../../src/proxy/generated/query-validators.ts'
import type { Validator } from '../../src/proxy/operation-rule.ts'
import { type Operation, readSpec } from './generate.ts'
import type { Json, JsonObject } from './json-schema.ts'

const SPEC = new URL('../../../apivideo-emulator/openapi/oas-apivideo.yaml', import.meta.url)
const spec = readSpec(await readFile(SPEC, 'utf8'))

/** ajv as the broker configured it when it shipped ajv's compiled code. */
function createAjv(options: Options): Ajv {
  const ajv = new Ajv({
    strict: true,
    allowUnionTypes: true,
    messages: false,
    unicodeRegExp: false,
    ...options,
  })
  ajv.addFormat('date-time', FORMATS['date-time'])
  for (const annotation of ['uri', 'binary', 'string']) ajv.addFormat(annotation, true)
  return ajv
}

const queryAjv = createAjv({ coerceTypes: 'array' })
for (const [id, schema] of Object.entries(spec.sharedParameters)) queryAjv.addSchema(schema, id)
const bodyAjv = createAjv({})

/** Values of every JSON type, and strings that some formats, patterns and enums take. */
const VALUES: Json[] = [
  'x',
  '',
  'a'.repeat(3000),
  '00:01:00.00',
  '2024-02-05T00:00:00Z',
  'en',
  'asc',
  42,
  1.5,
  -1,
  0,
  true,
  false,
  null,
  [],
  ['x'],
  [1],
  [{}],
  [{ key: 'k', value: 'v' }],
  [{ key: 1 }],
  [{ unknown: 'x' }],
  {},
  { unknown: 'x' },
]

/** What a query string can give: text, repeated names (arrays), deepObject members (objects). */
const QUERY_VALUES: unknown[] = [
  'x',
  '',
  '1',
  '2.5',
  '-3',
  ' 4 ',
  'Infinity',
  'true',
  'false',
  'null',
  'video',
  'asc',
  'EU',
  '2024-02-05T00:00:00Z',
  'not-a-date',
  'a'.repeat(3000),
  ['a', 'b'],
  ['1'],
  ['1', '2'],
  { mediaType: 'video' },
  { mediaType: ['video', 'live-stream'] },
  { browser: ['firefox'] },
  { browser: 'firefox' },
  { continent: ['EU', 'XX'] },
  { referrer: ['https://example.com/'] },
  { unknown: 'x' },
  {},
]

function bodyCases(op: Operation & { body: { kind: 'json' } }): JsonObject[] {
  const { sample, schema } = op.body
  const cases: JsonObject[] = [sample, {}, { ...sample, unknown: 'x' }]
  for (const name of Object.keys(schema.properties as JsonObject)) {
    for (const value of VALUES) cases.push({ ...sample, [name]: value })
  }
  return cases
}

function queryCases(op: Operation): Record<string, unknown>[] {
  const names = Object.keys(op.query?.schema.properties as JsonObject)
  const cases: Record<string, unknown>[] = [{}, { unknown: '1' }]
  for (const name of names) for (const value of QUERY_VALUES) cases.push({ [name]: value })
  cases.push(Object.fromEntries(names.map((name) => [name, '1'])))
  return cases
}

/** A fresh copy each time: ajv's coercion writes into the data it checks. */
function nullPrototype(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullPrototype)
  if (typeof value !== 'object' || value === null) return value
  const copy = Object.create(null)
  for (const [key, member] of Object.entries(value)) copy[key] = nullPrototype(member)
  return copy
}

function verdict(validate: Validator | ValidateFunction, data: unknown) {
  const valid = validate(data) as boolean
  const [first] = validate.errors ?? []
  return valid
    ? { valid }
    : {
        valid,
        error: { path: first?.instancePath, keyword: first?.keyword, params: first?.params },
      }
}

describe('the generated validators', () => {
  const json = spec.allowed.filter((op) => op.body.kind === 'json') as (Operation & {
    body: { kind: 'json' }
  })[]
  const withQuery = spec.allowed.filter((op) => op.query !== undefined)

  it('cover every operation with a JSON body or a query', () => {
    expect(Object.keys(body).sort()).toEqual(json.map((op) => op.name).sort())
    expect(Object.keys(query).sort()).toEqual(withQuery.map((op) => op.name).sort())
  })

  it.each(json.map((op) => [op.operationId, op] as const))(
    'give the verdict and first error ajv gives for %s bodies',
    (_, op) => {
      const ajv = bodyAjv.compile({ $id: op.name, ...op.body.schema })
      const ours = (body as Record<string, Validator>)[op.name] as Validator
      for (const data of bodyCases(op)) {
        expect(verdict(ours, structuredClone(data)), JSON.stringify(data)).toEqual(
          verdict(ajv, structuredClone(data))
        )
      }
    }
  )

  it.each(withQuery.map((op) => [op.operationId, op] as const))(
    'give the verdict and first error ajv gives for %s queries, coercing text as ajv does',
    (_, op) => {
      const ajv = queryAjv.compile({ $id: `query-${op.name}`, ...op.query?.schema })
      const ours = (query as Record<string, Validator>)[op.name] as Validator
      for (const data of queryCases(op)) {
        expect(verdict(ours, nullPrototype(data)), JSON.stringify(data)).toEqual(
          verdict(ajv, nullPrototype(data))
        )
      }
    }
  )
})
