import { expect } from 'vitest'
import type { Harness } from './harness.ts'

/** Answers counted by status and problem code, e.g. `{"200": 180, "502 upstream_error": 20}`. */
export async function tally(answers: Response[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const res of answers) {
    const key = res.ok
      ? String(res.status)
      : `${res.status} ${((await res.json()) as { code: string }).code}`
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

/** A broker token valid for a day of fake time, so clock jumps test the upstream side only. */
export const longLivedToken = (h: Harness) => h.mint({ exp: Math.floor(h.now() / 1000) + 86_400 })

/** A problem+json answer with this status and stable code. */
export async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  expect(await res.json()).toMatchObject({ status, code })
}

/** A logger that drops every line. */
export const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
