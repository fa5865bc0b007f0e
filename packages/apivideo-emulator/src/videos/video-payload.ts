import {
  readBoolean,
  readMetadata,
  readString,
  readStringArray,
  Violations,
} from '../validation.ts'
import type { VideoFields } from './video-store.ts'

type Body = Record<string, unknown>

/** Languages of the OAS `video-creation-payload.language` enum (its YAML turns `no` into false). */
const LANGUAGES = new Set(
  'ar ca cs da de el en es fa fi fr he hi hr hu it ja ko ml nl nn no pl pt ru sk sl te tr uk ur vi zh'.split(
    ' '
  )
)

const SUMMARY_ATTRIBUTES = new Set(['abstract', 'takeaways'])
const TIMECODE = /^(?:\d{2,3}:[0-5]\d:[0-5]\d(?:\.\d{1,3}|:\d{1,2})?|\d{1,7})$/

export interface VideoCreation {
  fields: Partial<VideoFields> & { title: string }
  /** `source`: a URL to download or the id of a video to copy. */
  source: string | undefined
  /** `watermark.id`: an uploaded watermark, checked by the route. */
  watermarkId: string | undefined
}

/** Reads `POST /videos` (schema `video-creation-payload`); every error goes into one 400. */
export function readVideoCreation(body: Body): VideoCreation {
  const errors = new Violations()
  const title = readString(body, 'title', errors)
  if (body.title === undefined || title === '') errors.add('attribute-required', 'title')
  const fields = readCommonFields(body, errors)
  const language = readLanguage(body, errors, false)
  if (language !== undefined && language !== null) fields.language = language
  const source = readString(body, 'source', errors)
  readClip(body, errors)
  const watermarkId = readWatermarkId(body, errors)
  errors.throwIfAny()
  return { fields: { ...fields, title: title as string }, source, watermarkId }
}

/** Reads `PATCH /videos/{id}` (schema `video-update-payload`): `null` clears `playerId`/`language`. */
export function readVideoUpdate(body: Body): Partial<VideoFields> {
  const errors = new Violations()
  const fields = readCommonFields(body, errors)
  const title = readString(body, 'title', errors)
  if (title === '') errors.add('invalid-attribute', 'title', 'This attribute must not be empty.')
  else if (title !== undefined) fields.title = title
  if (body.playerId === null) fields.playerId = undefined
  const language = readLanguage(body, errors, true)
  if (language !== undefined) fields.language = language ?? undefined
  errors.throwIfAny()
  return fields
}

function readCommonFields(body: Body, errors: Violations): Partial<VideoFields> {
  const fields: Partial<VideoFields> = {}
  const set = <K extends keyof VideoFields>(key: K, value: VideoFields[K] | undefined) => {
    if (value !== undefined) fields[key] = value
  }
  set('description', readString(body, 'description', errors))
  set('public', readBoolean(body, 'public', errors))
  set('panoramic', readBoolean(body, 'panoramic', errors))
  set('mp4Support', readBoolean(body, 'mp4Support', errors))
  if (body.playerId !== null) set('playerId', readString(body, 'playerId', errors))
  set('tags', readStringArray(body, 'tags', errors))
  set('metadata', readMetadata(body, 'metadata', errors))
  readBoolean(body, 'transcript', errors)
  readBoolean(body, 'transcriptSummary', errors)
  const attributes = readStringArray(body, 'transcriptSummaryAttributes', errors)
  if (attributes?.some((value) => !SUMMARY_ATTRIBUTES.has(value))) {
    errors.add('invalid-attribute', 'transcriptSummaryAttributes')
  }
  return fields
}

/** The two language errors of the OAS examples: bad characters, then an unsupported language. */
function readLanguage(
  body: Body,
  errors: Violations,
  nullable: boolean
): string | null | undefined {
  const value = body.language
  if (value === undefined || (value === null && nullable)) return value
  if (typeof value !== 'string' || !/^[A-Za-z]+(?:-[A-Za-z]+)*$/.test(value)) {
    const detail =
      'The "language" attribute must contain only letters and dashes (for example "fr", "fr-BE").'
    errors.add('invalid-attribute', 'language', undefined, detail)
    return undefined
  }
  const [base = '', region, ...rest] = value.split('-')
  if (!LANGUAGES.has(base.toLowerCase()) || rest.length > 0 || (region && region.length !== 2)) {
    errors.add('invalid-attribute', 'language', undefined, 'The "language" attribute is not valid.')
    return undefined
  }
  return value
}

/** `watermark` (schema `video-watermark`): an object whose `id` names an uploaded watermark. */
function readWatermarkId(body: Body, errors: Violations): string | undefined {
  const watermark = body.watermark
  if (watermark === undefined) return undefined
  if (!isObject(watermark)) {
    errors.add('invalid-attribute', 'watermark', 'This attribute must be an object.')
    return undefined
  }
  if (typeof watermark.id !== 'string' || watermark.id === '') {
    errors.add('invalid-attribute', 'watermark', undefined, 'The "watermark.id" must be a string.')
    return undefined
  }
  return watermark.id
}

function readClip(body: Body, errors: Violations): void {
  const clip = body.clip
  if (clip === undefined) return
  const valid =
    isObject(clip) &&
    ['startTimecode', 'endTimecode'].every(
      (key) =>
        clip[key] === undefined || (typeof clip[key] === 'string' && TIMECODE.test(clip[key]))
    )
  if (!valid) errors.add('invalid-attribute', 'clip')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
