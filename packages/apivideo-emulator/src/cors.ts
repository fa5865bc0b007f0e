import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'

/**
 * CORS as a browser client of api.video needs it (api.video's docs: Errors, CORS): the uploader sends
 * Authorization, Content-Range and AV-Origin-* cross-origin and reads the rate-limit headers.
 */
export function emulatorCors(origins: '*' | string[]): MiddlewareHandler {
  const handler = cors({
    origin: origins,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: [
      'Authorization',
      'Content-Type',
      'Content-Range',
      'AV-Origin-Client',
      'AV-Origin-App',
      'AV-Origin-Sdk',
      'Accept',
    ],
    exposeHeaders: [
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Retry-After',
      'WWW-Authenticate',
      'Content-Type',
    ],
    maxAge: 600,
  })
  return async function emulatorCors(c, next) {
    // Chromium asks before a public page may call a loopback address (Private Network Access).
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-private-network')) {
      c.header('Access-Control-Allow-Private-Network', 'true')
    }
    return handler(c, next)
  }
}
