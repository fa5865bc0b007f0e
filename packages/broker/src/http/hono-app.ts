import type { Env, Hono } from 'hono'
import { HonoBase } from 'hono/hono-base'
import { RegExpRouter } from 'hono/router/reg-exp-router'

/**
 * A Hono app on `RegExpRouter` alone. `new Hono()` would pick that same router for the broker's
 * routes (none needs the `TrieRouter` fallback), but would ship `SmartRouter` and `TrieRouter` in
 * every Worker bundle too.
 */
export function honoApp<E extends Env>(): Hono<E> {
  return new HonoBase<E>({ router: new RegExpRouter() })
}
