/** A user of the development identity provider, as its `GET /users` lists them. */
export interface DemoUser {
  id: string
  name: string
  /** Not subject to ownership: sees every video, and the analytics. */
  admin: boolean
}

/**
 * Who uses the demo. With an identity provider (the local stack), the broker enforces ownership:
 * each signed-in user sees only their own videos, and a signed-out visitor only reads.
 */
export interface Session {
  /** Whether there is a sign-in at all (an identity provider in `/keyward.json`). */
  enabled: boolean
  /** The signed-in user, or `null` when signed out. */
  user: DemoUser | null
  /** Who may sign in; empty without an identity provider or when it did not answer. */
  users: DemoUser[]
  /** Why sign-in is unavailable although configured, or `null`. */
  problem: string | null
  /** The token source's `headers`: the user JWT as `Authorization: Bearer …`, or nothing. */
  headers(): Promise<Record<string, string>>
  /** Remembers the choice (a user id, or `null` to sign out) and starts the page again with it. */
  switchTo(userId: string | null): void
}

// Only who was chosen is kept, never a token: each page load signs in again for a fresh one.
const STORAGE_KEY = 'keyward-demo:user'
// A user JWT is renewed once this little of its lifetime is left.
const RENEW_MARGIN_MS = 60_000

interface SignInAnswer {
  id_token: string
  expires_in: number
  user: DemoUser
}

/**
 * Signs in again as the user chosen earlier in this browser (if any), with the development
 * identity provider at `identityUrl`; `null`: no sign-in, every visitor is anonymous.
 */
export async function startSession(identityUrl: string | null): Promise<Session> {
  const chosen = identityUrl ? localStorage.getItem(STORAGE_KEY) : null
  let users: DemoUser[] = []
  let problem: string | null = null
  let idToken: { value: string; renewAt: number } | undefined
  let user: DemoUser | null = null

  const signIn = async (id: string): Promise<void> => {
    const answer = await call<SignInAnswer>(`${identityUrl}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: id }),
    })
    user = answer.user
    idToken = {
      value: answer.id_token,
      renewAt: Date.now() + answer.expires_in * 1000 - RENEW_MARGIN_MS,
    }
  }

  if (identityUrl) {
    try {
      users = await call<DemoUser[]>(`${identityUrl}/users`)
      if (chosen) await signIn(chosen)
    } catch (error) {
      problem = `The sign-in service at ${identityUrl} did not answer (${String(error)}): you are signed out.`
    }
  }
  // Another tab switched user: this one follows, so no tab acts for someone else.
  addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) location.reload()
  })

  return {
    enabled: identityUrl !== null,
    user,
    users,
    problem,
    async headers() {
      if (!user || !idToken) return {}
      if (Date.now() >= idToken.renewAt) await signIn(user.id)
      return { authorization: `Bearer ${idToken.value}` }
    },
    switchTo(userId) {
      if (userId) localStorage.setItem(STORAGE_KEY, userId)
      else localStorage.removeItem(STORAGE_KEY)
      location.reload()
    },
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) })
  const body = (await response.json().catch(() => undefined)) as { detail?: string } | undefined
  if (!response.ok) throw new Error(body?.detail ?? `HTTP ${response.status}`)
  return body as T
}
