import { h } from './dom.ts'
import type { Session } from './sign-in.ts'

/** Sign in as one of the identity provider's users, or sign out; each choice reloads the page. */
export function createSignInPanel(session: Session): HTMLElement | null {
  if (!session.enabled) return null
  const current = session.user
  const choices = session.users.map((user) =>
    h(
      'button',
      {
        type: 'button',
        class: user.id === current?.id ? 'primary' : '',
        'aria-pressed': String(user.id === current?.id),
        onclick: () => session.switchTo(user.id),
      },
      user.name
    )
  )
  const signOut = h(
    'button',
    { type: 'button', disabled: current === null, onclick: () => session.switchTo(null) },
    'Sign out'
  )
  return h(
    'section',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, 'Who you are'),
    h('p', { id: 'signed-in-as', class: 'signed-in' }, describe(session)),
    session.problem ? h('p', { class: 'reason' }, session.problem) : null,
    h('div', { class: 'sign-in-choices', role: 'group', 'aria-label': 'Sign in as' }, ...choices),
    signOut,
    h(
      'p',
      { class: 'hint' },
      'A local identity provider signs a user token; the broker turns it into a token that only reaches that user’s own videos. No password: this is for development.'
    )
  )
}

/** One line: who is signed in, and what that means here. */
export function describe({ user }: Pick<Session, 'user'>): string {
  if (!user) return 'Signed out: a read-only visitor.'
  return user.admin
    ? `Signed in as ${user.name}: an admin, who sees every video and the plays.`
    : `Signed in as ${user.name}: you see and change only your own videos.`
}
