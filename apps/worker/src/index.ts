import { createBroker, type Scope } from '@keyward/broker'

type Broker = ReturnType<typeof createBroker>

let broker: Broker | undefined

function brokerFor(env: Env): Broker {
  broker ??= createBroker({
    apiKey: env.APIVIDEO_API_KEY,
    apiBaseUrl: env.APIVIDEO_BASE_URL,
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    signingKey: parseJson(env.KEYWARD_SIGNING_KEY),
    anonymousScopes: list(env.ANONYMOUS_SCOPES) as Scope[],
  })
  return broker
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

function parseJson(value: string | undefined) {
  try {
    return JSON.parse(value ?? '')
  } catch {
    // createBroker turns a missing key into a clear invalid_config error.
    return undefined
  }
}

export default {
  fetch(request, env, ctx) {
    return brokerFor(env).fetch(request, env, ctx)
  },
} satisfies ExportedHandler<Env>
