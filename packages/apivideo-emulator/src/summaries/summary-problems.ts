/** Summary errors, with the titles of the OAS examples for `/summaries`. */
export const SUMMARY_PROBLEMS = {
  'summary-already-exists': [409, 'A summary already exists or is being created on this video.'],
} as const satisfies Record<string, readonly [number, string]>
