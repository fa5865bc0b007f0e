import type { ProxyRule } from '../proxy/operation-rule.ts'

/**
 * What ownership mode does with one proxied operation, for a caller who is not an admin:
 * - `list`: the owner filter is forced onto the list (`GET /videos`, `GET /discarded/videos`);
 * - `create`: the new video is stamped with its owner (`POST /videos`);
 * - `video`: the video named in the path must be the caller's (`at`: its path segment), looked up
 *   among discarded videos for `/discarded/…`;
 * - `query-video` / `body-video`: the video named by the `videoId` query parameter or body field
 *   must be the caller's (summaries);
 * - `admin-only`: everything else, account-wide (live streams, players, watermarks, analytics,
 *   tags, summaries by summary id), is refused. Deny by default: an operation api.video adds
 *   later lands here until it is classified.
 */
export type OwnershipPolicy =
  | { kind: 'list' }
  | { kind: 'create' }
  | { kind: 'video'; at: number; discarded: boolean }
  | { kind: 'query-video' }
  | { kind: 'body-video' }
  | { kind: 'admin-only' }

const BY_OPERATION: Record<string, OwnershipPolicy> = {
  'GET /videos': { kind: 'list' },
  'GET /discarded/videos': { kind: 'list' },
  'POST /videos': { kind: 'create' },
  // api.video filters summaries by video only: a list without `videoId` is account-wide.
  'GET /summaries': { kind: 'query-video' },
  'POST /summaries': { kind: 'body-video' },
}

/** Each rule's policy, worked out on its first call: the rule table never changes. */
const POLICIES = new WeakMap<ProxyRule, OwnershipPolicy>()

/** The policy of one rule of the generated table. */
export function ownershipPolicy(rule: ProxyRule): OwnershipPolicy {
  let policy = POLICIES.get(rule)
  if (policy === undefined) {
    policy = policyOf(rule)
    POLICIES.set(rule, policy)
  }
  return policy
}

function policyOf(rule: ProxyRule): OwnershipPolicy {
  if (rule.videoIdAt !== undefined) {
    return { kind: 'video', at: rule.videoIdAt, discarded: rule.path.startsWith('/discarded/') }
  }
  return BY_OPERATION[`${rule.method} ${rule.path}`] ?? { kind: 'admin-only' }
}
