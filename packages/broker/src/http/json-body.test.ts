import { describe, expect, it } from 'vitest'
import { BrokerError } from '../errors.ts'
import { readBody, readJsonObject } from './json-body.ts'

const post = (body: string | null, headers: Record<string, string> = {}) =>
  new Request('https://broker.test/v1/token', { method: 'POST', body, headers })

/** A Request whose `body` must never be read: what Node's server builds lazily, at a cost. */
function withUnreadBody(request: Request): Request {
  return new Proxy(request, {
    get(target, name) {
      if (name === 'body') throw new Error('the body stream was opened')
      const value = Reflect.get(target, name, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

describe('readJsonObject', () => {
  it('reads a JSON object body', async () => {
    const request = post('{"scope":"videos:read"}', { 'content-type': 'application/json' })
    expect(await readJsonObject(request, 4096)).toEqual({ scope: 'videos:read' })
  })

  it('takes no body, and a body declared empty, as none without opening its stream', async () => {
    expect(await readJsonObject(post(null), 4096)).toBeUndefined()
    const empty = withUnreadBody(post('', { 'content-length': '0' }))
    expect(await readJsonObject(empty, 4096)).toBeUndefined()
  })

  it('refuses a body declared larger than the limit with payload_too_large', async () => {
    const request = post('{}', { 'content-type': 'application/json', 'content-length': '5000' })
    const error = await readJsonObject(request, 4096).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BrokerError)
    expect((error as BrokerError).code).toBe('payload_too_large')
  })
})

describe('readBody', () => {
  it('reads a body declared empty as no bytes without opening its stream', async () => {
    const empty = withUnreadBody(post('', { 'content-length': '0' }))
    expect((await readBody(empty, 10)).byteLength).toBe(0)
  })
})
