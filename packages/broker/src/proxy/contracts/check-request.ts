import { invalidRequest } from '../../errors.ts'
import { jsonBytes, readBody, readJsonObject } from '../../http/json-body.ts'
import type { ProxyRule } from '../operation-rule.ts'
import { prepareBody, type UpstreamBody } from '../request-body.ts'
import { checkJsonBody } from './json-body.ts'
import { checkFirstPart, checkForm, formLimit } from './multipart.ts'
import { checkQuery } from './query.ts'

export interface ContractLimits {
  maxJsonBytes: number
  maxUploadBytes: number
  /** Sensitive fields this deployment lets browsers set. */
  allowSensitiveFields: ReadonlySet<string>
}

/** A request that kept its operation's contract, ready for api.video. */
export interface CheckedRequest {
  body: UpstreamBody
  /** The body's type, with its multipart boundary; absent without a body. */
  contentType?: string
  /** The checked JSON body, parsed, for an operation that takes one. */
  json?: Record<string, unknown>
}

/**
 * Holds a proxied request to its operation's contract, taken from api.video's OpenAPI file:
 * declared query parameters only, a JSON body that matches the schema, multipart only where the
 * operation takes it. Every refusal is a 400 naming the member, before any upstream call.
 */
export async function checkRequest(
  request: Request,
  search: string,
  rule: ProxyRule,
  limits: ContractLimits
): Promise<CheckedRequest> {
  checkQuery(search, rule.query)
  const contract = rule.body
  switch (contract.kind) {
    case 'none':
      return { body: { kind: 'none' } }
    case 'json': {
      const body = await readJsonObject(request, limits.maxJsonBytes)
      if (body === undefined) throw invalidRequest('The body must be a JSON object.')
      checkJsonBody(body, contract, limits.allowSensitiveFields)
      const bytes = jsonBytes(body)
      return { body: { kind: 'bytes', bytes }, contentType: 'application/json', json: body }
    }
    case 'form': {
      const contentType = multipartType(request)
      const bytes = await readBody(request, formLimit(contract.maxBytes))
      const form = await checkForm(bytes, contentType, contract.parts, contract.maxBytes)
      return { body: { kind: 'bytes', bytes: form.bytes }, contentType: form.contentType }
    }
    case 'stream': {
      const contentType = multipartType(request)
      const body = await prepareBody(request, 'stream', limits.maxUploadBytes)
      if (body.kind !== 'stream') throw invalidRequest('An upload must have a body.')
      const stream = await checkFirstPart(body.stream, contract.part)
      return { body: { ...body, stream }, contentType }
    }
  }
}

/** A multipart body's type with its boundary; anything else is refused. */
function multipartType(request: Request): string {
  const type = request.headers.get('content-type') ?? ''
  if (!/^multipart\/form-data\s*;/i.test(type) || request.body === null) {
    throw invalidRequest('This operation takes multipart/form-data.')
  }
  return type
}
