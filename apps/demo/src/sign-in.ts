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
  let idToken: string | undefined
  let user: DemoUser | null = null

  const signIn = async (id: string): Promise<void> => {
    const answer = await call<SignInAnswer>(`${identityUrl}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: id }),
    })
    user = answer.user
    idToken = answer.id_token
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
    // A fresh user JWT for each broker token (every few minutes). An app's auth SDK would cache
    // its token; here the provider is local, and its clock and the broker's jump together when
    // the emulator's clock is moved, which a token cached by this page's clock would not follow.
    async headers() {
      if (!user) return {}
      if (idToken === undefined) await signIn(user.id)
      const token = idToken as string
      idToken = undefined
      return { authorization: `Bearer ${token}` }
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
