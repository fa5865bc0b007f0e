import type { Token } from '@keyward/client'
import { PASSTHROUGH_SCOPE } from './keyward.ts'

export type Action = 'upload' | 'edit' | 'delete' | 'media' | 'analytics'

const NEEDS: Record<Action, { scope: string; verb: string }> = {
  upload: { scope: 'videos:upload', verb: 'uploading' },
  edit: { scope: 'videos:write', verb: 'editing' },
  delete: { scope: 'videos:delete', verb: 'deleting' },
  media: { scope: 'videos:write', verb: 'changing thumbnails and captions' },
  analytics: { scope: 'analytics:read', verb: 'analytics' },
}

/**
 * Why the visitor cannot do `action` with this token, or `null` if they can. The buttons only
 * mirror the token: the broker checks every call's scope itself.
 */
export function whyNot(action: Action, token: Token | undefined): string | null {
  if (!token) return 'Waiting for a token from the broker…'
  if (token.scope === PASSTHROUGH_SCOPE) {
    return action === 'upload' ? 'Passthrough mode hands out no upload tokens' : null
  }
  const { scope, verb } = NEEDS[action]
  return granted(token).includes(scope)
    ? null
    : `Your token only has ${has(token)} (${verb} needs ${scope})`
}

/** One sentence for every action of `actions` the token does not allow, or `null`. */
export function scopeNote(actions: Action[], token: Token | undefined): string | null {
  if (!token || token.scope === PASSTHROUGH_SCOPE) return null
  const missing = actions
    .map((action) => NEEDS[action])
    .filter(({ scope }) => !granted(token).includes(scope))
    .map(({ scope, verb }) => `${verb} needs ${scope}`)
  return missing.length > 0
    ? `Your token only has ${has(token)}: ${missing.join(', ')}. Those buttons are off.`
    : null
}

const granted = (token: Token) => token.scope.split(' ').filter(Boolean)
const has = (token: Token) => granted(token).join(', ') || 'no scope'
