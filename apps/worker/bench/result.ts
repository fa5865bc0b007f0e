/** Percentiles of a series of wall times, in ms. */
export interface Latency {
  p50: number
  max: number
}

/** One side of the comparison: K isolates with or without the vault. */
export interface VaultBenchSide {
  /** Tokens api.video issued during the simulated period: API-key exchanges plus refreshes. */
  exchanges: number
  exchangesPerHour: number
  apiKeyExchanges: number
  refreshes: number
  /** Refreshes api.video refused (a refresh token another exchange had invalidated). */
  failedRefreshes: number
  failedApiKeyExchanges: number
  /** Proxied calls api.video answered 401 (a revoked or expired upstream token was sent). */
  upstream401: number
  /** Requests the isolates answered, and how many of them were not 200. */
  requests: number
  failedRequests: number
  /** Calls from isolates to the vault (0 without it). */
  vaultCalls: number
  /** A fresh isolate of the running deployment: its first `/v1/token` plus its first proxied call. */
  coldStartMs: Latency
  coldStartDetailMs: { token: Latency; firstCall: Latency }
  coldStarts: number
}

/** What `bench:vault` writes to `.reports/bench-vault.json`. */
export interface VaultBench {
  isolates: number
  simulatedHours: number
  stepSeconds: number
  tokenLifetimeSeconds: number
  /** Latency added to every `/auth/*` answer of the emulator (0: none). */
  authLatencyMs: number
  withVault: VaultBenchSide
  withoutVault: VaultBenchSide
}

declare module 'vitest' {
  interface TaskMeta {
    /** Set by bench/vault.bench.ts; written to disk by the reporter of vitest.bench.config.ts. */
    vaultBench?: VaultBench
  }
}
