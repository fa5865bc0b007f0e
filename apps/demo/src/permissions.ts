import type { Token } from '@keyward/client'
import { PASSTHROUGH_SCOPE } from './keyward.ts'

export type Action = 'upload' | 'edit' | 'delete' | 'media' | 'analytics'

const NEEDS: Record<Action, { scope: string; verb: string; does: string }> = {
  upload: { scope: 'videos:upload', verb: 'uploading', does: 'upload' },
  edit: { scope: 'videos:write', verb: 'editing', does: 'edit' },
  delete: { scope: 'videos:delete', verb: 'deleting', does: 'delete' },
  media: {
    scope: 'videos:write',
    verb: 'changing thumbnails and captions',
    does: 'change thumbnails and captions',
  },
  analytics: { scope: 'analytics:read', verb: 'analytics', does: 'see analytics' },
}

/** Whether the broker enforces ownership (the demo has a sign-in), and whether someone is signed in. */
export interface Access {
  ownership: boolean
  signedIn: boolean
}

const NO_OWNERSHIP: Access = { ownership: false, signedIn: false }

/**
 * Why the visitor cannot do `action` with this token, or `null` if they can. The buttons only
 * mirror the token: the broker checks every call's scope itself.
 */
export function whyNot(
  action: Action,
  token: Token | undefined,
  access: Access = NO_OWNERSHIP
): string | null {
  if (!token) return 'Waiting for a token from the broker…'
  if (token.scope === PASSTHROUGH_SCOPE) {
    return action === 'upload' ? 'Passthrough mode hands out no upload tokens' : null
  }
  const { scope, verb, does } = NEEDS[action]
  // Analytics count every user's videos: with ownership on, the broker keeps them for admins.
  if (action === 'analytics' && access.ownership && !granted(token).includes('admin')) {
    return 'Plays are counted across every user’s videos, so with ownership on only an admin may see them: sign in as Admin'
  }
  if (granted(token).includes(scope)) return null
  return access.ownership && !access.signedIn
    ? `Signed out, you can only watch: sign in to ${does}`
    : `Your token only has ${has(token)} (${verb} needs ${scope})`
}

/** One sentence for every action of `actions` the token does not allow, or `null`. */
export function scopeNote(
  actions: Action[],
  token: Token | undefined,
  access: Access = NO_OWNERSHIP
): string | null {
  if (!token || token.scope === PASSTHROUGH_SCOPE) return null
  if (access.ownership && !access.signedIn) {
    return 'Signed out, this library is read-only. Sign in as Alice or Bob to upload, edit and delete your own videos.'
  }
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
