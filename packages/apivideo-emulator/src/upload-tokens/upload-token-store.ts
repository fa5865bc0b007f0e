import { atomDate } from '../clock.ts'
import { newUploadToken } from '../ids.ts'

/** The documented UploadToken object (OpenAPI schema `upload-token`). */
export interface UploadToken {
  token: string
  ttl: number
  createdAt: string
  /** `null` for tokens that never expire (`ttl: 0`), as the real API answers (api.video's docs: Delegated uploads). */
  expiresAt: string | null
}

interface TokenRecord {
  token: string
  ttl: number
  createdAt: number
  /** Epoch ms, or `null` for `ttl: 0`. */
  expiresAt: number | null
}

export type UploadTokenStore = ReturnType<typeof createUploadTokenStore>

/** Delegated upload tokens: reusable until they expire (`ttl` seconds) or are deleted. */
export function createUploadTokenStore(now: () => number) {
  const tokens = new Map<string, TokenRecord>()

  const isActive = (record: TokenRecord) => record.expiresAt === null || record.expiresAt > now()

  function find(token: string): TokenRecord | undefined {
    const record = tokens.get(token)
    if (!record) return undefined
    if (isActive(record)) return record
    tokens.delete(token)
    return undefined
  }

  return {
    create(ttl: number): UploadToken {
      const createdAt = now()
      const record: TokenRecord = {
        token: newUploadToken(),
        ttl,
        createdAt,
        expiresAt: ttl === 0 ? null : createdAt + ttl * 1000,
      }
      tokens.set(record.token, record)
      return render(record)
    },
    /** An active token, or `undefined` when unknown, expired or deleted. */
    get(token: string): UploadToken | undefined {
      const record = find(token)
      return record && render(record)
    },
    /** Every active token, oldest first. */
    list(): UploadToken[] {
      return [...tokens.values()].filter(isActive).map(render)
    },
    delete(token: string): boolean {
      return find(token) !== undefined && tokens.delete(token)
    },
    reset(): void {
      tokens.clear()
    },
  }
}

function render(record: TokenRecord): UploadToken {
  return {
    token: record.token,
    ttl: record.ttl,
    createdAt: atomDate(record.createdAt),
    expiresAt: record.expiresAt === null ? null : atomDate(record.expiresAt),
  }
}
