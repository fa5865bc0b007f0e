/** Image upload errors; routes pass their own title, which the OAS examples vary per route. */
export const IMAGE_PROBLEMS = {
  'uploaded-file-extension-invalid': [400, 'The uploaded file extension is not supported.'],
} as const satisfies Record<string, readonly [number, string]>
