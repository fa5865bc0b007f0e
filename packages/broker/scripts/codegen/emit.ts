import type { Operation, OperationBody, Spec } from './generate.ts'

export const HEADER = `// Generated from api.video's OpenAPI file (packages/apivideo-emulator/openapi/oas-apivideo.yaml)
// by scripts/generate-operations.ts. Do not edit: change the generator or the spec, then run
// \`pnpm --filter @keyward/broker generate\` and commit the result. A test fails while it is stale.
`

const json = (value: unknown) => JSON.stringify(value)

/** The rule table: one readable entry per operation a browser may reach. */
export function emitOperations({ allowed, refused }: Spec): string {
  const entries = allowed.map(emitRule).join('\n')
  return `${HEADER}import type { ProxyRule } from '../operation-rule.ts'
import * as body from './body-validators.ts'
import * as query from './query-validators.ts'

/** The ${allowed.length} api.video operations the proxy forwards, with the scope each needs. */
export const OPERATIONS: readonly ProxyRule[] = [
${entries}
]

/** The ${refused.length} operations never forwarded, whatever the scope. */
export const NEVER_FROM_A_BROWSER: readonly string[] = ${json(refused)}
`
}

function emitRule(op: Operation): string {
  const query = op.query
    ? `{ deepObjects: ${json(op.query.deepObjects)}, validate: query.${op.name} }`
    : 'undefined'
  return `  {
    operation: ${json(op.operationId)},
    method: ${json(op.method)},
    path: ${json(op.path)},
    pattern: /${op.pattern.replace(/\//g, '\\/')}/,
    scope: ${json(op.scope)},${op.videoIdAt === undefined ? '' : `\n    videoIdAt: ${op.videoIdAt},`}
    query: ${query},
    body: ${emitBody(op)},
  },`
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
