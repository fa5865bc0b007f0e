import { reservedMetadata } from '../errors.ts'
import { isReservedKey, reservedParam } from './stamp.ts'

/**
 * `metadata[key]`, api.video's list filter on one metadata key (`style: deepObject`); only the
 * first bracket counts, as a PHP-style parser reads `metadata[key][]`.
 */
const METADATA_FILTER = /^metadata\[([^\]]*)\]/

/**
 * The query string of a list narrowed to one owner's videos: `metadata[<reserved>]=<owner>` is
 * appended, after refusing any filter of the caller's on the reserved key. Names are read
 * decoded (`metadata%5Bkeyward%3Aowner%5D` is the same filter), the way api.video reads them.
 */
export function ownerFilter(search: string, reserved: string, owner: string): string {
  if (mayFilterMetadata(search)) refuseReservedFilter(search, reserved)
  const filter = `${encodeURIComponent(`metadata[${reserved}]`)}=${encodeURIComponent(owner)}`
  return search === '' || search === '?' ? `?${filter}` : `${search}&${filter}`
}

/**
 * Whether a query may hold a `metadata[…]` name once decoded: without a `%`, decoding only turns
 * `+` into a space, so such a name is spelled out in the raw query.
 */
function mayFilterMetadata(search: string): boolean {
  return search.includes('%') || search.includes('metadata[')
}

function refuseReservedFilter(search: string, reserved: string): void {
  for (const name of new URLSearchParams(search).keys()) {
    const key = METADATA_FILTER.exec(name)?.[1]
    if (key !== undefined && isReservedKey(key, reserved)) {
      throw reservedMetadata(reserved, reservedParam('query', name))
    }
  }
}
