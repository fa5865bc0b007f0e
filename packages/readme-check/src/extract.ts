/** A fenced code block of a README, as the checker sees it. */
export interface Snippet {
  /** The README, relative to the repository root. */
  readme: string
  /** 1-based line of the block's first code line in the README. */
  line: number
  /** `ts` or `js`: how the block is checked. */
  kind: 'ts' | 'js'
  /** `tsx`/`jsx` blocks are written with that extension. */
  jsx: boolean
  /** The `env=…` attribute: which type environment checks it. Default: `default`. */
  env: string
  /** `no-check` in the info string: listed, not checked. */
  skip: boolean
  /** Hidden lines from a `<!-- snippet-prelude … -->` comment right above the block. */
  prelude: string
  code: string
}

const LANGS: Record<string, { kind: 'ts' | 'js'; jsx: boolean }> = {
  ts: { kind: 'ts', jsx: false },
  typescript: { kind: 'ts', jsx: false },
  tsx: { kind: 'ts', jsx: true },
  js: { kind: 'js', jsx: false },
  javascript: { kind: 'js', jsx: false },
  jsx: { kind: 'js', jsx: true },
  mjs: { kind: 'js', jsx: false },
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)(.*)$/

/**
 * The TypeScript and JavaScript blocks of a Markdown document (CommonMark fences, backticks or
 * tildes), with their info-string attributes. Blocks in other languages are ignored.
 *
 * @example
 * extractSnippets('```ts no-check\nconst x = 1\n```\n', 'README.md')
 * // [{ readme: 'README.md', line: 2, kind: 'ts', skip: true, code: 'const x = 1\n', … }]
 */
export function extractSnippets(markdown: string, readme: string): Snippet[] {
  const lines = markdown.split('\n')
  const snippets: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '')
    if (!open) continue
    const [, indent = '', fence = '', lang = '', rest = ''] = open
    const close = findClose(lines, i + 1, fence)
    const language = LANGS[lang.toLowerCase()]
    if (language) {
      const attributes = rest.trim().split(/\s+/).filter(Boolean)
      const env = attributes.find((a) => a.startsWith('env='))?.slice(4) ?? 'default'
      const body = lines.slice(i + 1, close).map((line) => unindent(line, indent.length))
      snippets.push({
        readme,
        line: i + 2,
        ...language,
        env,
        skip: attributes.includes('no-check'),
        prelude: preludeAbove(lines, i),
        code: body.length > 0 ? `${body.join('\n')}\n` : '',
      })
    }
    i = close
  }
  return snippets
}

function findClose(lines: string[], from: number, fence: string): number {
  const closing = new RegExp(`^\\s*\\${fence[0]}{${fence.length},}\\s*$`)
  for (let j = from; j < lines.length; j++) if (closing.test(lines[j] ?? '')) return j
  return lines.length
}

/** The body of a `<!-- snippet-prelude … -->` comment that ends right above line `fence`. */
function preludeAbove(lines: string[], fence: number): string {
  let end = fence - 1
  while (end >= 0 && (lines[end] ?? '').trim() === '') end--
  if ((lines[end] ?? '').trim() !== '-->') return ''
  for (let start = end - 1; start >= 0; start--) {
    const line = (lines[start] ?? '').trim()
    if (line === '<!-- snippet-prelude') return `${lines.slice(start + 1, end).join('\n')}\n`
    if (line.startsWith('<!--') || line.endsWith('-->')) return ''
  }
  return ''
}

function unindent(line: string, width: number): string {
  let cut = 0
  while (cut < width && line[cut] === ' ') cut++
  return line.slice(cut)
}
