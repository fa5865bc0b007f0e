import type { Operation, OperationBody, Spec } from './generate.ts'
import { PARAMETER_SHAPES } from './policy.ts'

export const HEADER = `// Generated from api.video's OpenAPI file (packages/apivideo-emulator/openapi/oas-apivideo.yaml)
// by scripts/generate-operations.ts. Do not edit: change the generator or the spec, then run
// \`pnpm --filter @keyward/broker generate\` and commit the result. A test fails while it is stale.
`

const json = (value: unknown) => JSON.stringify(value)

/** The rule table: one readable entry per operation a browser may reach. */
export function emitOperations({ allowed, refused }: Spec): string {
  const shapes = Object.entries(PARAMETER_SHAPES).map(
    ([name, shape]) => `  ${name}: ${json(shape)},`
  )
  const entries = allowed.map(emitRule).join('\n')
  return `${HEADER}import type { ProxyRule } from '../operation-rule.ts'
import { ruleMaker } from '../rule-table.ts'
import * as body from './body-validators.ts'
import * as query from './query-validators.ts'

/** What each path parameter without an enum looks like; every pattern is built from its path. */
const rule = ruleMaker({
${shapes.join('\n')}
})

/** The ${allowed.length} api.video operations the proxy forwards, with the scope each needs. */
export const OPERATIONS: readonly ProxyRule[] = [
${entries}
]

/** The ${refused.length} operations never forwarded, whatever the scope. */
export const NEVER_FROM_A_BROWSER: readonly string[] = ${json(refused)}
`
}

/** `rule(operationId, route, scope, parts)`, where parts holds only what is not the default. */
function emitRule(op: Operation): string {
  const head = `${json(op.operationId)}, ${json(`${op.method} ${op.path}`)}, ${json(op.scope)}`
  const parts: string[] = []
  if (op.query) {
    parts.push(`query: { deepObjects: ${json(op.query.deepObjects)}, validate: query.${op.name} }`)
  }
  if (op.body.kind !== 'none') parts.push(`body: ${emitBody(op)}`)
  if (Object.keys(op.enums).length > 0) parts.push(`enums: ${json(op.enums)}`)
  if (parts.length === 0) return `  rule(${head}),`
  return `  rule(${head}, {\n${parts.map((part) => `    ${part},\n`).join('')}  }),`
}

function emitBody({ name, body }: { name: string; body: OperationBody }): string {
  switch (body.kind) {
    case 'none':
      return `{ kind: 'none' }`
    case 'json':
      return `{ kind: 'json', validate: body.${name}, sensitive: ${json(body.sensitive)} }`
    case 'form': {
      const size = body.declared ? 'declared by api.video' : 'not declared: the broker bound'
      return `{ kind: 'form', parts: ${json(body.parts)}, maxBytes: ${body.maxBytes} /* ${size} */ }`
    }
    case 'stream':
      return `{ kind: 'stream', part: ${json(body.part)} }`
  }
}
