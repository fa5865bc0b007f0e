import { BrokerError, videoNotFound } from '../errors.ts'
import { jsonBytes } from '../http/json-body.ts'
import type { BrokerLogger, SecretRegistry } from '../logger.ts'
import { hasScope } from '../middleware/broker-token.ts'
import type { ApiVideoClient } from '../proxy/api-video-client.ts'
import type { CheckedRequest } from '../proxy/contracts/check-request.ts'
import type { ProxyRule } from '../proxy/operation-rule.ts'
import type { UpstreamBody } from '../proxy/request-body.ts'
import type { BrokerTokenClaims } from '../tokens/signer.ts'
import { ownerFilter } from './list-filter.ts'
import type { ResolvedOwnership } from './options.ts'
import { createOwnerCache, type Owner } from './owner-cache.ts'
import { ownerLookup } from './owner-lookup.ts'
import { ownershipPolicy } from './policy.ts'
import { stampOwner } from './stamp.ts'

/** A video id as api.video writes it: `source` names one when a video is copied. */
const VIDEO_ID = /^vi[0-9A-Za-z]{22}$/

export interface OwnershipGuardOptions {
  ownership: ResolvedOwnership
  client: ApiVideoClient
  timeoutMs: number
  now: () => number
  logger: BrokerLogger
  secrets: SecretRegistry
}

/** Who is calling, from the verified broker token. */
export interface OwnershipCaller {
  sub: string
  anonymous: boolean
  admin: boolean
}

/** The caller as ownership mode sees it: `anon` and the `admin` scope come from the token. */
export function ownershipCaller(claims: BrokerTokenClaims): OwnershipCaller {
  return {
    sub: claims.sub,
    anonymous: claims.anon === true,
    admin: hasScope(claims.scope, 'admin'),
  }
}

/** One proxied call, checked against its contract, about to be admitted. */
export interface OwnedCall {
  rule: ProxyRule
  /** The raw path after `/v1/api`, already matched by the rule. */
  path: string
  search: string
  checked: CheckedRequest
  claims: BrokerTokenClaims
  waitUntil: ((promise: Promise<unknown>) => void) | undefined
}

/** What to send api.video instead: the query and body with the owner filter or entry. */
export interface AdmittedCall {
  search: string
  body: UpstreamBody
}

export type OwnershipGuard = ReturnType<typeof createOwnershipGuard>

/**
 * Ownership mode at the proxy: each call is admitted for its caller's own videos only, or
 * refused. A video that is not the caller's answers exactly as a missing one does.
 */
export function createOwnershipGuard(options: OwnershipGuardOptions) {
  const { ownership } = options
  const reserved = ownership.metadataKey
  const cache = createOwnerCache({
    ttlSeconds: ownership.cacheTtlSeconds,
    size: ownership.cacheSize,
    now: options.now,
  })
  const readOwner = ownerLookup({ ...options, metadataKey: reserved })

  const ownerOf = (videoId: string, discarded: boolean, call: OwnedCall) =>
    cache.resolve(videoId, () => readOwner(videoId, { discarded, waitUntil: call.waitUntil }))

  /** The owner, if the caller may act on this video; the one 404 otherwise. */
  async function mustOwn(
    videoId: unknown,
    call: OwnedCall,
    { caller, discarded = false }: { caller: OwnershipCaller; discarded?: boolean }
  ): Promise<Owner> {
    if (typeof videoId !== 'string' || !VIDEO_ID.test(videoId)) throw videoNotFound()
    const owner = await ownerOf(videoId, discarded, call)
    if (owner === undefined) throw videoNotFound()
    if (!caller.admin && owner !== caller.sub) throw videoNotFound()
    return owner
  }

  const withBody = (call: OwnedCall, json: Record<string, unknown>): AdmittedCall => ({
    search: call.search,
    body: { kind: 'bytes', bytes: jsonBytes(json) },
  })

  return {
    cache,

    async admit(call: OwnedCall): Promise<AdmittedCall> {
      const { rule, path, search, checked } = call
      const caller = ownershipCaller(call.claims)
      const policy = ownershipPolicy(rule)
      const unchanged = { search, body: checked.body }
      if (!caller.admin) refuseOutsiders(caller, policy.kind)
      switch (policy.kind) {
        case 'admin-only':
          return unchanged
        case 'list':
          return caller.admin
            ? unchanged
            : { search: ownerFilter(search, reserved, caller.sub), body: checked.body }
        case 'create': {
          const json = checked.json ?? {}
          if (typeof json.source === 'string' && VIDEO_ID.test(json.source)) {
            await mustOwn(json.source, call, { caller })
          }
          return withBody(call, stampOwner(json, { reserved, owner: caller.sub, always: true }))
        }
        case 'video': {
          const replacesMetadata = rule.path === '/videos/{videoId}' && checked.json?.metadata
          // An admin's call needs the owner only to keep it through a metadata update.
          if (caller.admin && !replacesMetadata) return unchanged
          const videoId = path.split('/')[policy.at]
          const owner = await mustOwn(videoId, call, { caller, discarded: policy.discarded })
          if (!replacesMetadata || checked.json === undefined) return unchanged
          // The video keeps the owner it has, also when an admin edits it (none stays none).
          return withBody(call, stampOwner(checked.json, { reserved, owner, always: false }))
        }
        case 'query-video':
          if (!caller.admin) await mustOwn(queryVideoId(search), call, { caller })
          return unchanged
        case 'body-video':
          if (!caller.admin) await mustOwn(checked.json?.videoId, call, { caller })
          return unchanged
      }
    },

    /**
     * After api.video answered: a video created here is remembered with its owner (a copy of its
     * small JSON answer is read), a deleted (or vanished) one is forgotten.
     */
    async settle(call: Pick<OwnedCall, 'rule' | 'path' | 'claims'>, res: Response): Promise<void> {
      const { rule, path } = call
      if (rule.operation === 'POST-video' && res.status === 201) {
        const { videoId } = (await res
          .clone()
          .json()
          .catch(() => ({}))) as { videoId?: unknown }
        if (typeof videoId === 'string' && VIDEO_ID.test(videoId)) {
          cache.remember(videoId, call.claims.sub)
        }
      }
      if (rule.videoIdAt === undefined) return
      const deleted = rule.operation === 'DELETE-video' && res.status < 300
      if (deleted || res.status === 404) cache.evict(path.split('/')[rule.videoIdAt] ?? '')
    },
  }
}

/** Anonymous callers own nothing; account-wide families are for admins. */
function refuseOutsiders(caller: OwnershipCaller, kind: string): void {
  if (caller.anonymous) {
    throw new BrokerError('ownership_sign_in_required', {
      detail:
        'Each caller sees only their own videos here, and anonymous callers own none: sign in.',
    })
  }
  if (kind === 'admin-only') {
    throw new BrokerError('ownership_admin_only', {
      detail:
        'This resource is shared by the whole account: only callers with the admin scope reach it.',
    })
  }
}

function queryVideoId(search: string): string {
  const videoId = new URLSearchParams(search).get('videoId')
  if (videoId === null) {
    throw new BrokerError('ownership_admin_only', {
      detail: 'Listing every summary is account-wide: pass videoId, the id of one of your videos.',
    })
  }
  return videoId
}
