import { ApiProblem, type ProblemSlug, problemEntry } from './problem.ts'

interface Violation {
  slug: ProblemSlug
  name: string
  title?: string
  detail?: string
}

/**
 * Collects every attribute error of a payload, then throws them together: api.video answers one
 * 400 whose top level is the first error and whose `problems[]` lists them all (OAS `POST /videos`).
 */
export class Violations {
  readonly #list: Violation[] = []

  add(slug: ProblemSlug, name: string, title?: string, detail?: string): void {
    const violation: Violation = { slug, name }
    if (title !== undefined) violation.title = title
    if (detail !== undefined) violation.detail = detail
    this.#list.push(violation)
  }

  /** How many errors were collected so far. */
  get count(): number {
    return this.#list.length
  }

  throwIfAny(): void {
    const [first] = this.#list
    if (!first) return
    const problems = this.#list.map((v) =>
      problemEntry(
        v.slug,
        v.title === undefined ? { name: v.name } : { name: v.name, title: v.title }
      )
    )
    const init = { name: first.name, problems, ...(first.title ? { title: first.title } : {}) }
    throw new ApiProblem(first.slug, first.detail ? { ...init, detail: first.detail } : init)
  }
}

type Body = Record<string, unknown>

export function readString(body: Body, name: string, errors: Violations): string | undefined {
  const value = body[name]
  if (value === undefined) return undefined
  if (typeof value === 'string') return value
  errors.add('invalid-attribute', name, 'This attribute must be a string.')
  return undefined
}

export function readBoolean(body: Body, name: string, errors: Violations): boolean | undefined {
  const value = body[name]
  if (value === undefined) return undefined
  if (typeof value === 'boolean') return value
  errors.add('invalid-attribute', name, 'This attribute must be a boolean.')
  return undefined
}

export function readStringArray(
  body: Body,
  name: string,
  errors: Violations
): string[] | undefined {
  const value = body[name]
  if (value === undefined) return undefined
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value
  errors.add('invalid-attribute', name, 'This attribute must be an array.')
  return undefined
}

export interface MetadataEntry {
  key: string
  value: string
}

export function readMetadata(body: Body, name: string, errors: Violations) {
  const value = body[name]
  if (value === undefined) return undefined
  if (!Array.isArray(value)) {
    errors.add('invalid-attribute', name, 'This attribute must be an array.')
    return undefined
  }
  const valid = value.every(
    (item) =>
      typeof item === 'object' &&
      item !== null &&
      typeof item.key === 'string' &&
      item.key !== '' &&
      typeof item.value === 'string'
  )
  if (valid) {
    return (value as MetadataEntry[]).map(({ key, value: v }) => ({ key, value: v }))
  }
  const detail = `Every "${name}" item must be an object with a non-empty string "key" and a string "value".`
  errors.add('invalid-attribute', name, undefined, detail)
  return undefined
}
