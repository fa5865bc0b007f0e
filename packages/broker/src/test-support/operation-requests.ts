import type { Sample } from '../proxy/generated/samples.ts'
import type { ProxyRule } from '../proxy/operation-rule.ts'

/** What the operation accepts: its sample JSON body, or its declared parts. */
export function validBody(rule: ProxyRule, sample: Sample): RequestInit {
  switch (rule.body.kind) {
    case 'none':
      return {}
    case 'json':
      return { body: JSON.stringify(sample.body) }
    case 'form':
      return multipart(
        rule.body.parts.filter((part) => part.required).map((part) => [part.name, part.file])
      )
    case 'stream':
      return multipart([[rule.body.part, true]])
  }
}

/** A multipart body with the given parts, files as a few bytes; streamed like a browser's. */
export function multipart(parts: Array<[name: string, file: boolean]>): RequestInit {
  const form = new FormData()
  for (const [name, file] of parts) {
    if (file) form.append(name, new Blob([new Uint8Array(16)], { type: 'image/png' }), 'f.png')
    else form.append(name, 'x')
  }
  const encoded = new Request('http://form.test', { method: 'POST', body: form })
  return {
    headers: { 'content-type': encoded.headers.get('content-type') as string },
    body: encoded.body,
    duplex: 'half',
  } as RequestInit
}
