import { contractViolation, fieldNotAllowed } from '../../errors.ts'
import type { SensitiveField, Validator } from '../operation-rule.ts'
import { describeViolation } from './violations.ts'

/**
 * The names of the fields that widen what a browser can do, refused unless allowed.
 *
 * @example
 * createBroker({ ...options, allowSensitiveFields: ['public'] })
 */
export type SensitiveFieldName = 'source' | 'public' | 'restreams'

export const SENSITIVE_FIELD_NAMES: readonly SensitiveFieldName[] = [
  'source',
  'public',
  'restreams',
]

export interface JsonBodyContract {
  validate: Validator
  sensitive: readonly SensitiveField[]
}

/**
 * Checks a JSON body against the operation's schema (types, enums, required fields, no unknown
 * field), then refuses a sensitive field the deployment has not allowed.
 */
export function checkJsonBody(
  body: Record<string, unknown>,
  { validate, sensitive }: JsonBodyContract,
  allowed: ReadonlySet<string>
): void {
  if (!validate(body)) {
    const [violation] = validate.errors ?? []
    throw contractViolation(violation ? [describeViolation('body', violation, (name) => name)] : [])
  }
  for (const field of sensitive) {
    if (!Object.hasOwn(body, field.name) || allowed.has(field.name)) continue
    const value = JSON.stringify(body[field.name])
    if ('harmless' in field && value === JSON.stringify(field.harmless)) continue
    throw fieldNotAllowed(field.name)
  }
}
