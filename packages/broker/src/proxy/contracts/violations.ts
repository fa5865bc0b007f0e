import type { InvalidParam } from '../../errors.ts'
import type { ContractViolation } from '../operation-rule.ts'

/** A validator's first error as an `invalid-params` entry; `name` turns its JSON pointer into a name. */
export function describeViolation(
  where: InvalidParam['in'],
  violation: ContractViolation,
  name: (pointer: string) => string
): InvalidParam {
  const { instancePath, keyword, params } = violation
  if (keyword === 'additionalProperties') {
    return {
      in: where,
      name: name(`${instancePath}/${String(params.additionalProperty)}`),
      reason: where === 'query' ? 'is not a parameter of this operation' : 'is not a known field',
    }
  }
  if (keyword === 'required') {
    return {
      in: where,
      name: name(`${instancePath}/${String(params.missingProperty)}`),
      reason: 'is required',
    }
  }
  return { in: where, name: name(instancePath), reason: reasonOf(keyword, params) }
}

function reasonOf(keyword: string, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'type':
      return `must be ${String(params.type)}`
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`
    case 'pattern':
      return `must match ${String(params.pattern)}`
    case 'format':
      return `must be a ${String(params.format)}`
    default:
      return `must satisfy ${keyword} ${String(params.limit ?? '')}`.trim()
  }
}
