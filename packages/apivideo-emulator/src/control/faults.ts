import type { MiddlewareHandler } from 'hono'
import { EmulatorError } from '../errors.ts'
import { problem, problemResponse } from '../problem.ts'
import { FAULT_HEADER } from './stats.ts'

export type FaultKind = 'error' | 'latency' | 'drop' | 'rate-limit'

/** A fault to inject on matching requests. */
export interface FaultRuleInit {
  /** `error`: answer `status` without processing; `latency`: wait, then process; `drop`: process,
   * then cut the connection before the answer; `rate-limit`: answer 429 without processing. */
  kind: FaultKind
  /** HTTP method to match, or `'*'`. Default: `'*'`. */
  method?: string
  /** Path to match: exact, or a prefix when it ends with `*`. Default: `'*'` (every route). */
  path?: string
  /** Chance that a matching request is affected, from 0 to 1. Default: 1. */
  probability?: number
  /** Status for `error` faults. Default: 500. */
  status?: number
  /** Added delay for `latency` faults, in milliseconds. Default: 1000. */
  latencyMs?: number
  /** `X-RateLimit-Retry-After` for `rate-limit` faults, in seconds. Default: 60. */
  retryAfterSeconds?: number
  /** Affect only the next `times` matching requests. Default: unlimited. */
  times?: number
}

export interface FaultRule extends Required<Omit<FaultRuleInit, 'times'>> {
  id: string
  /** Matching requests still to affect; `null` means unlimited. */
  remaining: number | null
}

const KINDS: readonly FaultKind[] = ['error', 'latency', 'drop', 'rate-limit']

export type FaultControls = ReturnType<typeof createFaults>

export function createFaults(
  random: () => number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
) {
  let rules: FaultRule[] = []
  let sequence = 0

  function add(init: FaultRuleInit): FaultRule {
    const rule = validate(init, `f${++sequence}`)
    rules.push(rule)
    return { ...rule }
  }

  function take(method: string, path: string): FaultRule | undefined {
    for (const rule of rules) {
      if (rule.method !== '*' && rule.method !== method) continue
      if (!pathMatches(rule.path, path)) continue
      if (rule.remaining === 0) continue
      if (rule.probability < 1 && random() >= rule.probability) continue
      if (rule.remaining !== null) rule.remaining--
      return rule
    }
    return undefined
  }

  const middleware: MiddlewareHandler = async function injectFaults(c, next) {
    const rule = take(c.req.method, c.req.path)
    if (!rule) return next()
    switch (rule.kind) {
      case 'error':
        c.res = problemResponse(problem('server-error', { status: rule.status }), {
          [FAULT_HEADER]: 'error',
        })
        return
      case 'rate-limit':
        c.res = problemResponse(problem('too-many-requests'), {
          [FAULT_HEADER]: 'rate-limit',
          'x-ratelimit-limit': '0',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-retry-after': String(rule.retryAfterSeconds),
        })
        return
      case 'latency':
        await sleep(rule.latencyMs)
        await next()
        c.res.headers.set(FAULT_HEADER, 'latency')
        return
      case 'drop':
        await next()
        c.res.headers.set(FAULT_HEADER, 'drop')
        return
    }
  }

  return {
    middleware,
    add,
    list: (): FaultRule[] => rules.map((rule) => ({ ...rule })),
    remove: (id: string): boolean => {
      const before = rules.length
      rules = rules.filter((rule) => rule.id !== id)
      return rules.length !== before
    },
    clear: (): void => {
      rules = []
    },
  }
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern
}

function validate(init: FaultRuleInit, id: string): FaultRule {
  const fail = (message: string): never => {
    throw new EmulatorError('EMULATOR_INVALID_FAULT', message)
  }
  if (typeof init !== 'object' || init === null) fail('a fault rule must be an object')
  if (!KINDS.includes(init.kind)) fail(`kind must be one of ${KINDS.join(', ')}`)
  const rule: FaultRule = {
    id,
    kind: init.kind,
    method: (init.method ?? '*').toUpperCase(),
    path: init.path ?? '*',
    probability: init.probability ?? 1,
    status: init.status ?? 500,
    latencyMs: init.latencyMs ?? 1000,
    retryAfterSeconds: init.retryAfterSeconds ?? 60,
    remaining: init.times ?? null,
  }
  if (typeof rule.method !== 'string' || typeof rule.path !== 'string') {
    fail('method and path must be strings')
  }
  if (!(rule.probability >= 0 && rule.probability <= 1)) fail('probability must be within 0..1')
  if (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599) {
    fail('status must be an integer from 400 to 599')
  }
  if (!(rule.latencyMs >= 0 && rule.latencyMs <= 600_000))
    fail('latencyMs must be within 0..600000')
  if (!(Number.isInteger(rule.retryAfterSeconds) && rule.retryAfterSeconds >= 0)) {
    fail('retryAfterSeconds must be a non-negative integer')
  }
  if (rule.remaining !== null && !(Number.isInteger(rule.remaining) && rule.remaining > 0)) {
    fail('times must be a positive integer')
  }
  return rule
}
