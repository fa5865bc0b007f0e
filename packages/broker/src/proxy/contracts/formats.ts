/**
 * What the validators use at run time besides the schemas.
 *
 * The string formats they check. Only `date-time` (RFC 3339 §5.6, the
 * analytics' `from` and `to`) is checked; `uri`, `binary` and `string` are annotations here.
 */
export const FORMATS = {
  'date-time':
    /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i,
}

/** A string's length in code points, as JSON Schema's maxLength counts it. */
export function ucs2length(text: string): number {
  let length = 0
  for (const _ of text) length++
  return length
}
