/**
 * The timecodes `PATCH /videos/{videoId}/thumbnail` accepts (OAS `video-thumbnail-pick-payload`,
 * docs "Add a thumbnail to your video"): `hh:mm:ss.ms`, `hh:mm:ss:frameNumber`, or an integer
 * number of seconds. Returns the offset in seconds, frames dropped, or undefined when malformed.
 */
export function parseTimecode(raw: string): number | undefined {
  if (/^\d{1,7}$/.test(raw)) return Number(raw)
  const match = /^(\d{2,3}):([0-5]\d):([0-5]\d)(?:\.(\d{1,3})|:(\d{1,3}))?$/.exec(raw)
  if (!match) return undefined
  const [, hours, minutes, seconds, fraction = '0'] = match
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(`0.${fraction}`)
}
