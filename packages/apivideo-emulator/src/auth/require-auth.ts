import type { MiddlewareHandler } from 'hono'
import { ApiProblem, type ProblemSlug } from '../problem.ts'
import type { TokenStore } from './token-store.ts'

/**
 * Accepts `Bearer <access token>` and `Basic base64(apiKey + ":")`, as api.video does (api.video's docs: Authentication).
 * WWW-Authenticate is not documented by api.video; RFC 6750 asks for it and clients use it.
 */
export function requireAuth(store: TokenStore): MiddlewareHandler {
  return async function requireAuth(c, next) {
    const header = c.req.header('authorization')
    if (header === undefined) throw unauthorized('authentication-missing-authorization-header')
    const [scheme = '', credentials = '', ...rest] = header.trim().split(/\s+/)
    if (rest.length > 0 || credentials === '') {
      throw unauthorized('authentication-invalid-authorization-header-value', 'invalid_request')
    }
    switch (scheme.toLowerCase()) {
      case 'bearer':
        if (!store.isAccessTokenValid(credentials)) {
          throw unauthorized('authentication-invalid-access-token', 'invalid_token')
        }
        break
      case 'basic':
        if (!store.isApiKey(basicUser(credentials))) {
          throw unauthorized('authentication-invalid-api-key', 'invalid_token')
        }
        break
      default:
        throw unauthorized('authentication-invalid-authorization-header-value', 'invalid_request')
    }
    await next()
  }
}

function basicUser(credentials: string): string {
  try {
    const decoded = atob(credentials)
    const colon = decoded.indexOf(':')
    // The API key is the user name; the password is empty and the colon is required.
    return colon === -1 || colon !== decoded.length - 1 ? '' : decoded.slice(0, colon)
  } catch {
    return ''
  }
}

function unauthorized(slug: ProblemSlug, error?: string): ApiProblem {
  const challenge = error
    ? `Bearer realm="api.video", error="${error}"`
    : 'Bearer realm="api.video"'
  return new ApiProblem(slug, {}, { 'www-authenticate': challenge })
}
