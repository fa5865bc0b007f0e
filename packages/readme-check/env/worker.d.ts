// The bindings of the Worker that `npm create keyward` scaffolds, as `wrangler types` writes them:
// README snippets marked env=worker see this `Env`, as a user's Worker project does.
interface Env {
  APIVIDEO_BASE_URL: string
  ALLOWED_ORIGINS: string
  ANONYMOUS_SCOPES: string
  PROXY_RATE_LIMIT_REQUESTS: string
  ALLOW_SENSITIVE_FIELDS: string
  OWNERSHIP: string
  TOKEN_MODE: string
  TOKEN_TTL_SECONDS: string
  LOG_LEVEL: string
  DPOP: string
  APIVIDEO_API_KEY: string
  KEYWARD_SIGNING_KEY: string
  TOKEN_VAULT: DurableObjectNamespace
  DPOP_REPLAY: DurableObjectNamespace
}
