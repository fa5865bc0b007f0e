import { ApiProblem, problemEntry } from './problem.ts'

export interface Page {
  currentPage: number
  pageSize: number
}

export interface PaginationLink {
  rel: 'self' | 'first' | 'previous' | 'next' | 'last'
  uri: string
}

export interface Paginated<T> {
  data: T[]
  pagination: {
    currentPage: number
    currentPageItems: number
    pageSize: number
    pagesTotal: number
    itemsTotal: number
    links: PaginationLink[]
  }
}

const RANGE_TITLE = 'This parameter is out of the allowed range of values.'

/**
 * Reads `currentPage` (≥ 1, default 1) and `pageSize` (1–100, default 25) (api.video's docs: Pagination).
 * Out-of-range values get the OAS `GET /videos` 400: the page parameter is named `page` there.
 */
export function readPage(url: URL): Page {
  const currentPage = intParam(url, 'currentPage', 1)
  const pageSize = intParam(url, 'pageSize', 25)
  const bad: Array<{ name: string; range: Record<string, number> }> = []
  if (currentPage === undefined || currentPage < 1) bad.push({ name: 'page', range: { min: 1 } })
  if (pageSize === undefined || pageSize < 1 || pageSize > 100) {
    bad.push({ name: 'pageSize', range: { min: 1, max: 100 } })
  }
  const [first] = bad
  if (first) {
    throw new ApiProblem('invalid-query-parameter', {
      title: RANGE_TITLE,
      name: first.name,
      extra: { range: first.range },
      problems: bad.map(({ name, range }) =>
        problemEntry('invalid-query-parameter', { name, title: RANGE_TITLE, extra: { range } })
      ),
    })
  }
  return { currentPage: currentPage as number, pageSize: pageSize as number }
}

function intParam(url: URL, name: string, fallback: number): number | undefined {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') return fallback
  return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined
}

/**
 * The documented envelope: `links` is an array of `{rel, uri}` with relative URIs, `previous` and
 * `next` only when they exist (api.video's docs: Pagination). Filters of the request are kept in every link.
 */
export function paginate<T>(items: T[], page: Page, url: URL): Paginated<T> {
  const { currentPage, pageSize } = page
  const pagesTotal = Math.max(1, Math.ceil(items.length / pageSize))
  const data = items.slice((currentPage - 1) * pageSize, currentPage * pageSize)
  const link = (rel: PaginationLink['rel'], to: number): PaginationLink => {
    const query = new URLSearchParams(url.searchParams)
    query.delete('currentPage')
    query.delete('pageSize')
    query.append('currentPage', String(to))
    query.append('pageSize', String(pageSize))
    return { rel, uri: `${url.pathname}?${query.toString().replaceAll('%5B%5D', '[]')}` }
  }
  const links = [link('self', currentPage), link('first', 1)]
  if (currentPage > 1) links.push(link('previous', Math.min(currentPage - 1, pagesTotal)))
  if (currentPage < pagesTotal) links.push(link('next', currentPage + 1))
  links.push(link('last', pagesTotal))
  return {
    data,
    pagination: {
      currentPage,
      currentPageItems: data.length,
      pageSize,
      pagesTotal,
      itemsTotal: items.length,
      links,
    },
  }
}

/** Sorts a copy by `key` in `order`; ties keep creation order. */
export function sortBy<T>(items: T[], key: (item: T) => string | number, order: 'asc' | 'desc') {
  const sign = order === 'asc' ? 1 : -1
  return (
    items
      .map((item, index) => ({ item, index, value: key(item) }))
      // Ties (dates have one-second resolution) follow creation order, reversed for desc.
      .sort((a, b) =>
        a.value < b.value ? -sign : a.value > b.value ? sign : sign * (a.index - b.index)
      )
      .map(({ item }) => item)
  )
}

/** Reads an enum query parameter; anything else is a 400 `invalid-query-parameter`. */
export function enumParam<T extends string>(url: URL, name: string, allowed: readonly T[]) {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') return undefined
  if ((allowed as readonly string[]).includes(raw)) return raw as T
  throw new ApiProblem('invalid-query-parameter', {
    name,
    detail: `The "${name}" parameter must be one of: ${allowed.join(', ')}.`,
    withProblems: true,
  })
}
