/**
 * Upload errors, all 400, with the exact titles of api.video's error catalogue (docs `reference/`
 * pages "Video Upload Errors" and "Progressive Upload Errors"); the slugs are those pages' names.
 */
export const UPLOAD_PROBLEMS = {
  'uploaded-file-empty': [400, 'The uploaded file is empty.'],
  'uploaded-file-multiple-files': [400, 'There are more than one uploaded file in the request.'],
  'uploaded-file-no-file': [400, 'There is no uploaded file in the request.'],
  'uploaded-file-too-large': [400, 'The uploaded file is too large.'],
  'video-source-already-uploaded': [400, 'This video source has already been uploaded.'],
  'video-source-already-downloaded': [
    400,
    'This video source has already been downloaded when the video was created.',
  ],
  'video-content-range-malformed': [
    400,
    'The value of the "Content-Range" header is malformed, the expected format is "bytes <from_byte>-<to_byte>/<total_bytes>" or "part <part>/<total_parts>".',
  ],
  'video-content-range-started-with-part': [
    400,
    'This "Content-Range" upload has been started with "part", you cannot continue it with "bytes".',
  ],
  'video-content-range-started-with-bytes': [
    400,
    'This "Content-Range" upload has been started with "bytes", you cannot continue it with "part".',
  ],
  'video-content-range-already-initiated': [
    400,
    'This video source has already been initiated with a "Content-Range" upload.',
  ],
  'video-content-range-by-part-different-total-parts': [
    400,
    'The "total_parts" value in the "Content-Range" header must be the same than the one you already set for this video.',
  ],
  'video-content-range-by-part-part-already-sent': [
    400,
    'The "part" value in the "Content-Range" header collides with a previous one you already sent for this video.',
  ],
  'video-content-range-by-part-part-too-high-allowed': [
    400,
    'The "part" value in the "Content-Range" header is higher than the maximum number of parts allowed for a video.',
  ],
  'video-content-range-by-part-part-too-high-total': [
    400,
    'The "part" value in the "Content-Range" header is higher than the maximum number of parts allowed for a video.',
  ],
  'video-content-range-by-part-part-zero': [
    400,
    'The "part" value in the "Content-Range" header must be greater than 0.',
  ],
  'video-content-range-by-part-total-parts-too-high': [
    400,
    'The "total_parts" value in the "Content-Range" header is higher than the maximum number of parts allowed for a video.',
  ],
  'video-content-range-by-part-total-parts-too-low': [
    400,
    'The "total_parts" value in the "Content-Range" header is lower than or equal to a part number you already sent for this video.',
  ],
  'video-content-range-by-part-total-parts-zero': [
    400,
    'The "total_parts" value in the "Content-Range" header must be greater than 0.',
  ],
  'video-content-range-by-part-uploaded-file-too-small': [400, 'The uploaded file is too small.'],
  'video-content-range-by-bytes-different-total-bytes': [
    400,
    'The "total_bytes" value in the "Content-Range" header must be the same than the one you already set for this video.',
  ],
  'video-content-range-by-bytes-from-byte-too-high': [
    400,
    'The "from_byte" value in the "Content-Range" header is higher than the "to_byte" value.',
  ],
  'video-content-range-by-bytes-range-mismatch': [
    400,
    'The size of the file you sent is different than the range length you set in the "Content-Range" header.',
  ],
  'video-content-range-by-bytes-range-overlap': [
    400,
    'The range in the "Content-Range" header overlaps with a previous one you already sent for this video.',
  ],
  'video-content-range-by-bytes-range-too-small': [
    400,
    'The range in the "Content-Range" header is too small.',
  ],
  'video-content-range-by-bytes-to-byte-too-high-allowed': [
    400,
    'The "to_byte" value in the "Content-Range" header is higher than the maximum upper bound allowed for a video.',
  ],
  'video-content-range-by-bytes-to-byte-too-high-total': [
    400,
    'The "to_byte" value in the "Content-Range" header is higher than the "total_bytes" value you set for this video.',
  ],
  'video-content-range-by-bytes-total-bytes-too-high': [
    400,
    'The "total_bytes" value in the "Content-Range" header is higher than the maximum allowed limit.',
  ],
  'video-content-range-by-bytes-total-bytes-too-low': [
    400,
    'The "total_bytes" value in the "Content-Range" header is lower than or equal to the upper bound of a range you already sent for this video.',
  ],
  'video-content-range-by-bytes-total-bytes-zero': [
    400,
    'The "total_bytes" value in the "Content-Range" header must be greater than 0.',
  ],
} as const satisfies Record<string, readonly [number, string]>
