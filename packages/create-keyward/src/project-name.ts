import { CreateKeywardError } from './errors.ts'

/**
 * The project name is both the npm package name and the Worker's name, so it follows the stricter
 * of the two: lowercase letters, digits and dashes, starting with a letter or digit, at most 63
 * characters (a Worker name is a DNS label, RFC 1035 §2.3.1).
 */
const PROJECT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** Returns `name` if it can name the package and the Worker; throws `invalid_name` otherwise. */
export function validateProjectName(name: string): string {
  if (PROJECT_NAME.test(name)) return name
  const why =
    name.length === 0
      ? 'it is empty'
      : name.length > 63
        ? `it has ${name.length} characters (at most 63)`
        : /[A-Z]/.test(name)
          ? 'it has uppercase letters'
          : name.startsWith('-') || name.endsWith('-')
            ? 'it starts or ends with a dash'
            : 'it has characters other than a-z, 0-9 and -'
  throw new CreateKeywardError(
    'invalid_name',
    `"${name}" cannot name the project: ${why}. The directory's name becomes the npm package ` +
      'name and the Worker name: use lowercase letters, digits and dashes, e.g. my-broker.'
  )
}
