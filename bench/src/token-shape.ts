import { BENCH_ORIGIN } from './bench-stack.ts'
import type { HotPathStack } from './hot-path-stack.ts'
import { PLACE_LABELS, PLACES } from './hot-path-targets.ts'

/** What signing one token involves: its algorithm, its claims and the bytes signed. */
interface TokenShape {
  alg: string
  typ: string
  claims: string[]
  /** The JWS signing input (RFC 7515 §5.1): base64url header, '.', base64url payload. */
  signingInputBytes: number
}

function decode(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
}

async function shapeOf(url: string): Promise<TokenShape> {
  const res = await fetch(url, { method: 'POST', headers: { origin: BENCH_ORIGIN } })
  if (!res.ok) throw new Error(`${url} answered ${res.status}`)
  const token = ((await res.json()) as { access_token: string }).access_token
  const [header = '', payload = ''] = token.split('.')
  const { alg, typ } = decode(header)
  return {
    alg: String(alg),
    typ: String(typ),
    claims: Object.keys(decode(payload)).sort(),
    signingInputBytes: header.length + 1 + payload.length,
  }
}

const describe = (s: TokenShape) =>
  `${s.alg} ${s.typ}, ${s.signingInputBytes} bytes signed, claims ${s.claims.join(' ')}`

/**
 * The tokens bare `/token` and the broker's `/v1/token` sign, at each place, described for the
 * report: the ratio between them is only the broker's own work if both sign alike.
 */
export async function tokenShapesNote(stack: HotPathStack): Promise<string> {
  const lines = await Promise.all(
    PLACES.map(async (place) => {
      const bare = await shapeOf(`${stack.bare[place]}/token`)
      const broker = await shapeOf(`${stack.broker[place]}/v1/token`)
      return `bare \`/token\` ${describe(bare)}; \`/v1/token\` ${describe(broker)}`
    })
  )
  const same = lines.every((line) => line === lines[0])
  const each = same
    ? `${lines[0]} (alike at every place)`
    : PLACES.map((place, i) => `${PLACE_LABELS[place]}: ${lines[i]}`).join('. ')
  return `Tokens signed, one of each fetched before the rounds: ${each}.`
}
