import { describe, expect, it } from 'vitest'
import { BrokerError } from '../../errors.ts'
import { checkFirstPart, checkForm } from './multipart.ts'

const encoder = new TextEncoder()

/** A stream that hands out `text` in chunks of `size` bytes, as a slow network would. */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text)
  let at = 0
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(at, at + size))
      at += size
    },
  })
}

const upload = (name: string) =>
  `--b\r\nContent-Disposition: form-data; name="${name}"; filename="clip.mp4"\r\n` +
  `Content-Type: video/mp4\r\n\r\n${'x'.repeat(100)}\r\n--b--\r\n`

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
    return undefined
  } catch (error) {
    return error instanceof BrokerError ? error.code : 'not a BrokerError'
  }
}

describe('checkFirstPart', () => {
  it('finds the part name across chunk boundaries and hands back every byte', async () => {
    const body = upload('file')
    const stream = await checkFirstPart(chunked(body, 7), 'file')
    expect(await new Response(stream).text()).toBe(body)
  })

  it('refuses a stream whose first part has another name, or no part header at all', async () => {
    expect(await codeOf(checkFirstPart(chunked(upload('video'), 7), 'file'))).toBe(
      'invalid_request'
    )
    expect(await codeOf(checkFirstPart(chunked('x'.repeat(10_000), 512), 'file'))).toBe(
      'invalid_request'
    )
  })
})

describe('checkForm', () => {
  const parts = [{ name: 'file', file: true, required: true }]
  const encode = async (form: FormData) => {
    const request = new Request('http://form.test', { method: 'POST', body: form })
    return [await request.arrayBuffer(), request.headers.get('content-type') as string] as const
  }

  it('refuses a part sent twice', async () => {
    const form = new FormData()
    form.append('file', new Blob(['a']), 'a.vtt')
    form.append('file', new Blob(['b']), 'b.vtt')
    const [bytes, type] = await encode(form)
    expect(await codeOf(checkForm(bytes, type, parts, 1024))).toBe('invalid_request')
  })

  it('refuses a body that is not multipart at all', async () => {
    const bytes = encoder.encode('not multipart').buffer as ArrayBuffer
    expect(await codeOf(checkForm(bytes, 'multipart/form-data; boundary=zz', parts, 1024))).toBe(
      'invalid_request'
    )
  })
})
