#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createEmulator } from './emulator.ts'
import type { EmulatorOptions, RateLimits } from './options.ts'
import { type Listening, listen, type TlsCredentials } from './server.ts'

const USAGE = `apivideo-emulator: a local stand-in for the api.video API

Usage: apivideo-emulator [options]

  --port <n>                 port to listen on (default 8081; 0 picks a free one)
  --host <addr>              address to bind (default 127.0.0.1)
  --https                    serve the main port over HTTPS (certificate generated at start)
  --https-port <n>           also serve HTTPS on this port (the official uploader needs https)
  --cert <file> --key <file> use this certificate instead of a generated one
  --api-key <key>            the API key to accept (default: random, printed at start)
  --access-token-ttl <s>     access token lifetime in seconds (default 3600)
  --refresh-token-ttl <s>    refresh token lifetime in seconds (default 2592000)
  --keep-access-on-refresh   do not revoke the old access token after a refresh
  --auth-bad-key-status <n>  400 (documented, default) or 401
  --refresh-error-style <s>  docs-401 (default) or oas-400
  --rate-limit <r,w,u>       requests per minute for reads,writes,uploads, or "off" (default 100,40,40)
  --cors-origin <origin>     allowed CORS origin, repeatable (default *)
  --project-id <id>          project id carried by access tokens (default: random pr… id)
  --seed-videos <n>          start with n uploaded, playable sample videos (default 0)
  --assets <cdn|local>       asset URLs: api.video's CDN shapes (default) or placeholders served here
  --encoding-seconds <s>     seconds from upload to playable, on the emulator clock (default 3)
  --min-chunk-bytes <n>      smallest chunk but the last (default 5242880, api.video's 5 MiB)
  --max-upload-bytes <n>     largest upload request (default 209715200)
  --video-restore            DELETE /videos/{id} discards the video for 90 days, restorable with
                             PATCH /discarded/videos/{id} (api.video's Video Restore; default off)
  --help                     show this text

Media: video thumbnails, captions and chapters (WebVTT), watermarks, tags, discarded videos;
uploaded thumbnails and text tracks are served under /_emulator/assets/ with --assets local.
Controls: GET /_emulator/stats, POST /_emulator/clock, POST /_emulator/faults,
POST /_emulator/revoke-tokens, POST /_emulator/reset (see the package README).
Live streams: POST /_emulator/live-streams/{id}/broadcast starts a broadcast, DELETE stops it
and records a video. Webhooks go to loopback URLs only, signed, retried on the emulator clock:
GET /_emulator/webhooks/deliveries lists attempts, POST /_emulator/webhooks/flush sends what is due.
`

const OPTIONS = {
  options: {
    port: { type: 'string', default: '8081' },
    host: { type: 'string', default: '127.0.0.1' },
    https: { type: 'boolean', default: false },
    'https-port': { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    'api-key': { type: 'string' },
    'access-token-ttl': { type: 'string' },
    'refresh-token-ttl': { type: 'string' },
    'keep-access-on-refresh': { type: 'boolean', default: false },
    'auth-bad-key-status': { type: 'string' },
    'refresh-error-style': { type: 'string' },
    'rate-limit': { type: 'string' },
    'cors-origin': { type: 'string', multiple: true },
    'project-id': { type: 'string' },
    'seed-videos': { type: 'string' },
    assets: { type: 'string' },
    'encoding-seconds': { type: 'string' },
    'min-chunk-bytes': { type: 'string' },
    'max-upload-bytes': { type: 'string' },
    'video-restore': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
} as const

const values = parseFlags()

if (values.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}

function int(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) fail(`--${name} must be a non-negative integer`)
  return value
}

function parseFlags() {
  try {
    return parseArgs({ ...OPTIONS, strict: true }).values
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
}

function fail(message: string): never {
  process.stderr.write(`apivideo-emulator: ${message}\n\n${USAGE}`)
  process.exit(2)
}

/** A PEM file named by a flag; one that cannot be read is a bad flag, not a crash. */
function readPem(flag: 'cert' | 'key', file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    return fail(`--${flag} ${file} cannot be read (${code}): give a PEM file`)
  }
}

function rateLimits(raw: string | undefined): RateLimits | false | undefined {
  if (raw === undefined) return undefined
  if (raw === 'off') return false
  const [reads, writes, uploads] = raw.split(',').map(Number)
  if (![reads, writes, uploads].every((n) => Number.isInteger(n) && (n ?? 0) > 0)) {
    fail('--rate-limit must be "reads,writes,uploads" (positive integers) or "off"')
  }
  return { reads: reads as number, writes: writes as number, uploads: uploads as number }
}

const options: EmulatorOptions = {}
const set = <K extends keyof EmulatorOptions>(key: K, value: EmulatorOptions[K] | undefined) => {
  if (value !== undefined) options[key] = value
}
set('apiKey', values['api-key'])
set('accessTokenTtlSeconds', int('access-token-ttl', values['access-token-ttl']))
set('refreshTokenTtlSeconds', int('refresh-token-ttl', values['refresh-token-ttl']))
if (values['keep-access-on-refresh']) options.revokeOldAccessTokenOnRefresh = false
const badKeyStatus = values['auth-bad-key-status']
if (badKeyStatus !== undefined) {
  if (badKeyStatus !== '400' && badKeyStatus !== '401') fail('--auth-bad-key-status is 400 or 401')
  options.authBadKeyStatus = badKeyStatus === '400' ? 400 : 401
}
const refreshStyle = values['refresh-error-style']
if (refreshStyle !== undefined) {
  if (refreshStyle !== 'docs-401' && refreshStyle !== 'oas-400') {
    fail('--refresh-error-style is docs-401 or oas-400')
  }
  options.refreshErrorStyle = refreshStyle
}
set('rateLimits', rateLimits(values['rate-limit']))
if (values['cors-origin']) options.corsOrigins = values['cors-origin']
set('projectId', values['project-id'])
set('seedVideos', int('seed-videos', values['seed-videos']))
set('encodingSeconds', int('encoding-seconds', values['encoding-seconds']))
set('minChunkBytes', int('min-chunk-bytes', values['min-chunk-bytes']))
set('maxUploadBytes', int('max-upload-bytes', values['max-upload-bytes']))
if (values['video-restore']) options.videoRestore = true
const assets = values.assets
if (assets !== undefined) {
  if (assets !== 'cdn' && assets !== 'local') fail('--assets is cdn or local')
  options.assets = assets
}

let tls: TlsCredentials | true | undefined
if (values.cert || values.key) {
  if (!(values.cert && values.key)) fail('--cert and --key go together')
  tls = { cert: readPem('cert', values.cert), key: readPem('key', values.key) }
}

let emulator: ReturnType<typeof createEmulator>
try {
  emulator = createEmulator(options)
} catch (error) {
  fail(error instanceof Error ? error.message : String(error))
}
const host = values.host
const servers: Listening[] = []
try {
  servers.push(
    await listen(emulator, {
      port: int('port', values.port) ?? 8081,
      host,
      tls: values.https ? (tls ?? true) : false,
    })
  )
  const httpsPort = int('https-port', values['https-port'])
  if (httpsPort !== undefined) {
    servers.push(await listen(emulator, { port: httpsPort, host, tls: tls ?? true }))
  }
} catch (error) {
  // Not a usage mistake (a port in use, an address not on this machine): no usage text.
  process.stderr.write(`apivideo-emulator: ${error instanceof Error ? error.message : error}\n`)
  await Promise.all(servers.map((server) => server.close()))
  process.exit(1)
}

const apiKeyNote = values['api-key'] ? '(as given)' : emulator.apiKey
const secure = servers.find((server) => server.url.startsWith('https:'))
process.stdout.write(
  `apivideo-emulator listening on ${servers.map((s) => s.url).join(' and ')}\n` +
    `  api key: ${apiKeyNote}\n  controls: ${servers[0]?.url}/_emulator/stats\n` +
    (secure ? `  uploader apiHost: ${new URL(secure.url).host}\n` : '')
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await Promise.all(servers.map((server) => server.close()))
    process.exit(0)
  })
}
