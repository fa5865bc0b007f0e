import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import type { ResolvedOptions } from '../options.ts'
import { ApiProblem } from '../problem.ts'
import type { TokenStore } from './token-store.ts'

/** `POST /auth/api-key` and `POST /auth/refresh` (api.video's docs: Authentication). No Authorization needed. */
export function authRoutes(store: TokenStore, options: ResolvedOptions) {
  const app = new Hono()

  app.post('/api-key', async (c) => {
    const body = await readJsonObject(c.req.raw, options.maxJsonBytes)
    const apiKey = requiredString(body, 'apiKey')
    const pair = await store.exchangeApiKey(apiKey)
    if (!pair) {
      throw new ApiProblem('authentication-invalid-user-credentials', {
        name: '',
        status: options.authBadKeyStatus,
      })
    }
    return c.json(pair)
  })

  app.post('/refresh', async (c) => {
    const body = await readJsonObject(c.req.raw, options.maxJsonBytes)
    const refreshToken = requiredString(body, 'refreshToken')
    const pair = await store.refresh(refreshToken)
    if (!pair) {
      throw options.refreshErrorStyle === 'oas-400'
        ? new ApiProblem('authentication-invalid-user-credentials', { name: '' })
        : new ApiProblem('authentication-invalid-refresh-token')
    }
    return c.json(pair)
  })

  return app
}

function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  if (value === undefined || value === null || value === '') {
    throw new ApiProblem('attribute-required', { name, withProblems: true })
  }
  if (typeof value !== 'string') {
    throw new ApiProblem('invalid-attribute', {
      name,
      detail: `The "${name}" attribute must be a string.`,
    })
  }
  return value
}
