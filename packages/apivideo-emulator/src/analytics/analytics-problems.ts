/** Analytics errors, with the titles of the OAS examples for `/data/*`. */
export const ANALYTICS_PROBLEMS = {
  'request-invalid-query-parameter': [400, 'A query parameter is invalid.'],
} as const satisfies Record<string, readonly [number, string]>
