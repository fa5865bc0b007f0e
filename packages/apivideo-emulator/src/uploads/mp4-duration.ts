const MVHD = [0x6d, 0x76, 0x68, 0x64]
/** A full `mvhd` box: 108 bytes in version 0, 120 in version 1 (ISO/IEC 14496-12 §8.2.2). */
const MVHD_SIZES = [108, 120]

/**
 * The duration in seconds from the movie header (`mvhd`) of an MP4 or QuickTime file, when this
 * chunk holds one. The emulator decodes no media; this box is the one place a file states its
 * length, so `encoding.metadata.duration` and thumbnail timecodes can use it.
 */
export function mp4Duration(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (
    let at = bytes.indexOf(MVHD[0] as number, 4);
    at !== -1;
    at = bytes.indexOf(MVHD[0] as number, at + 1)
  ) {
    if (!MVHD.every((byte, index) => bytes[at + index] === byte)) continue
    const size = view.getUint32(at - 4)
    if (!MVHD_SIZES.includes(size) || at - 4 + size > bytes.length) continue
    const version = bytes[at + 4]
    const fields = at + 8
    const [timescale, duration] =
      version === 0
        ? [view.getUint32(fields + 8), view.getUint32(fields + 12)]
        : [view.getUint32(fields + 16), Number(view.getBigUint64(fields + 20))]
    if (timescale > 0 && duration > 0 && duration !== 0xffffffff) return duration / timescale
  }
  return null
}
