import { describe, expect, it } from 'vitest'
import { extractSnippets } from './extract.ts'

const md = (...lines: string[]) => lines.join('\n')

describe('extracting README snippets', () => {
  it('takes TypeScript and JavaScript blocks with their first code line, and nothing else', () => {
    const snippets = extractSnippets(
      md(
        '# Title',
        '```sh',
        'npm i',
        '```',
        '',
        '```ts',
        'const a = 1',
        '```',
        '```js',
        'b()',
        '```'
      ),
      'README.md'
    )

    expect(snippets.map(({ line, kind, code }) => ({ line, kind, code }))).toEqual([
      { line: 7, kind: 'ts', code: 'const a = 1\n' },
      { line: 10, kind: 'js', code: 'b()\n' },
    ])
  })

  it('reads no-check and env= from the info string', () => {
    const [skipped, worker] = extractSnippets(
      md('```ts no-check', 'x', '```', '```typescript env=worker', 'y', '```'),
      'README.md'
    )

    expect(skipped).toMatchObject({ skip: true, env: 'default' })
    expect(worker).toMatchObject({ skip: false, env: 'worker', kind: 'ts' })
  })

  it('takes the prelude from a snippet-prelude comment right above the block only', () => {
    const [withPrelude, without] = extractSnippets(
      md(
        '<!-- snippet-prelude',
        'declare const file: File',
        '-->',
        '',
        '```ts',
        'upload(file)',
        '```',
        '<!-- a plain comment -->',
        '```ts',
        'other()',
        '```'
      ),
      'README.md'
    )

    expect(withPrelude?.prelude).toBe('declare const file: File\n')
    expect(without?.prelude).toBe('')
  })

  it('does not end a block at a shorter fence or a fence of the other kind', () => {
    const [snippet] = extractSnippets(
      md('````ts', 'const s = `', '```', '~~~', '`', '````', 'after'),
      'README.md'
    )

    expect(snippet?.code).toBe('const s = `\n```\n~~~\n`\n')
  })

  it('strips the indentation of a fence inside a list item', () => {
    const [snippet] = extractSnippets(
      md('- item', '  ```ts', '  const a = 1', '  ```'),
      'README.md'
    )

    expect(snippet?.code).toBe('const a = 1\n')
  })
})
