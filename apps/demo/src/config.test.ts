import { describe, expect, it } from 'vitest'
import { readModes } from './config.ts'

const modes = (search: string) => readModes(new URL(`https://demo.test/${search}`))

describe('readModes', () => {
  it('reads sharing and its listening window', () => {
    expect(modes('?share=1&settle=2000')).toMatchObject({ share: true, settle: 2000 })
  })

  it('leaves the window to the client when the URL names none, or none that it could use', () => {
    for (const search of ['?share=1', '?settle=', '?settle=-5', '?settle=1.5', '?settle=soon']) {
      expect(modes(search).settle).toBeUndefined()
    }
  })

  it('reads no sharing, the full scope and the first page from a bare URL', () => {
    expect(modes('')).toEqual({
      scope: undefined,
      share: false,
      settle: undefined,
      query: '',
      page: 1,
    })
  })
})
