import { describe, expect, it } from 'vitest'
import { boundedMemo } from './bounded-memo.ts'

describe('a bounded memo', () => {
  it('computes each key once, undefined included, and drops the oldest past its size', () => {
    const memo = boundedMemo<string | undefined>(2)
    const computed: string[] = []
    const compute = (key: string) => {
      computed.push(key)
      return key === 'none' ? undefined : key.toUpperCase()
    }
    expect([memo('a', compute), memo('none', compute), memo('a', compute)]).toEqual([
      'A',
      undefined,
      'A',
    ])
    expect(memo('none', compute)).toBeUndefined()
    memo('b', compute)
    memo('a', compute)
    expect(computed).toEqual(['a', 'none', 'b', 'a'])
  })

  it('remembers nothing when compute throws', () => {
    const memo = boundedMemo<number>(4)
    expect(() =>
      memo('k', () => {
        throw new Error('refused')
      })
    ).toThrow('refused')
    expect(memo('k', () => 1)).toBe(1)
  })

  it('forgets a value only while it is still the one remembered', () => {
    const memo = boundedMemo<object>(4)
    const first = memo('k', () => ({ n: 1 }))
    memo.forget('k', first)
    const second = memo('k', () => ({ n: 2 }))
    expect(second).toEqual({ n: 2 })
    memo.forget('k', first)
    expect(memo('k', () => ({ n: 3 }))).toBe(second)
  })
})
