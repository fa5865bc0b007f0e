import { readBoolean, readString, Violations } from '../validation.ts'
import type { LiveStreamFields, Restream } from './live-stream-store.ts'

type Body = Record<string, unknown>

const MAX_RESTREAMS = 5
const RTMP_FORMAT = 'RTMP URL should have the following format: [rtmp|rtmps]://[host]/[app name].'

/** Reads `POST /live-streams` (schema `live-stream-creation-payload`): `name` is required. */
export function readLiveStreamCreation(body: Body): Partial<LiveStreamFields> & { name: string } {
  const errors = new Violations()
  if (body.name === undefined || body.name === '') errors.add('attribute-required', 'name')
  const fields = readFields(body, errors)
  errors.throwIfAny()
  return fields as Partial<LiveStreamFields> & { name: string }
}

/** Reads `PATCH /live-streams/{id}` (schema `live-stream-update-payload`). */
export function readLiveStreamUpdate(body: Body): Partial<LiveStreamFields> {
  const errors = new Violations()
  if (body.name === '')
    errors.add('invalid-attribute', 'name', undefined, 'This value should not be blank.')
  const fields = readFields(body, errors)
  errors.throwIfAny()
  return fields
}

function readFields(body: Body, errors: Violations): Partial<LiveStreamFields> {
  const fields: Partial<LiveStreamFields> = {}
  const name = readString(body, 'name', errors)
  if (name) fields.name = name
  const isPublic = readBoolean(body, 'public', errors)
  if (isPublic !== undefined) fields.public = isPublic
  const playerId = readString(body, 'playerId', errors)
  if (playerId !== undefined) fields.playerId = playerId === '' ? undefined : playerId
  const restreams = readRestreams(body.restreams, errors)
  if (restreams) fields.restreams = restreams
  return fields
}

/** The restream rules of the OAS 400 examples: all three fields, RTMP(S) with an app, at most 5. */
function readRestreams(value: unknown, errors: Violations): Restream[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) {
    errors.add('invalid-attribute', 'restreams', 'This attribute must be an array.')
    return undefined
  }
  if (value.length > MAX_RESTREAMS) {
    const detail = 'This collection should contain 5 elements or less.'
    errors.add('invalid-attribute', 'restreams', undefined, detail)
    return undefined
  }
  const before = errors.count
  const restreams = value.map((item: unknown, index) => readRestream(item, index, errors))
  return errors.count === before ? (restreams as Restream[]) : undefined
}

function readRestream(item: unknown, index: number, errors: Violations): Restream | undefined {
  const at = (field: string) => `restreams[${index}][${field}]`
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    errors.add('invalid-attribute', `restreams[${index}]`, 'This attribute must be an object.')
    return undefined
  }
  const entry = item as Record<string, unknown>
  const restream: Partial<Restream> = {}
  for (const field of ['name', 'serverUrl', 'streamKey'] as const) {
    const raw = entry[field]
    if (raw === null)
      errors.add('invalid-attribute', at(field), undefined, 'This value should not be null.')
    else if (raw === undefined || raw === '') {
      errors.add('invalid-attribute', at(field), undefined, 'This value should not be blank.')
    } else if (typeof raw !== 'string') {
      errors.add('invalid-attribute', at(field), 'This attribute must be a string.')
    } else restream[field] = raw
  }
  const url = restream.serverUrl
  if (url !== undefined) {
    const match = /^rtmps?:\/\/([^/\s]+)(\/[^\s]*)?$/i.exec(url)
    if (!match) errors.add('invalid-attribute', at('serverUrl'), undefined, RTMP_FORMAT)
    else if (!match[2] || match[2] === '/') {
      const detail = 'Missing app name: [rtmp|rtmps]://[host]/[app name].'
      errors.add('invalid-attribute', at('serverUrl'), undefined, detail)
    }
  }
  return restream as Restream
}
