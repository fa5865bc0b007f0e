// The broker's layers, lowest first: a module may import its own layer or a lower one, never a
// higher one, and no import cycle is allowed (docs/architecture.md, "Where each concern lives").
// Run from the package root: `pnpm check:deps`; layering/layering.test.ts proves it can fail.
const LAYERS = [
  ['floor', '^src/(errors|logger)\\.ts$'],
  ['http', '^src/http/'],
  ['base', '^src/(scopes\\.ts|options/defaults\\.ts)$'],
  ['domain', '^src/(auth|tokens|rate-limit|upstream|dpop)/'],
  ['vault', '^src/vault/(?!index\\.ts$)'],
  ['edge', '^src/(context\\.ts|middleware/|proxy/|ownership/|options/(?!defaults\\.ts$))'],
  ['routes', '^src/routes/'],
  ['broker', '^src/broker\\.ts$'],
  ['entries', '^src/(index\\.ts|vault/index\\.ts|node/|cloudflare/)'],
]

const upward = LAYERS.slice(0, -1).map(([name, path], index) => ({
  name: `${name}-imports-upward`,
  severity: 'error',
  comment: `${name} may import only ${LAYERS.slice(0, index + 1)
    .map(([lower]) => lower)
    .join(', ')}`,
  from: { path },
  to: { path: LAYERS.slice(index + 1).map(([, higher]) => `(${higher})`) },
}))

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    { name: 'no-cycle', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'unlayered-module',
      comment: 'every module belongs to a layer: add new folders to LAYERS',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.map(([, path]) => `(${path})`) },
      to: {},
    },
    {
      name: 'workers-runtime-outside-cloudflare',
      comment: 'cloudflare:workers exists only in workerd: only the cloudflare subpath imports it',
      severity: 'error',
      from: { pathNot: '^src/cloudflare/' },
      to: { path: '^cloudflare:' },
    },
  ],
  options: {
    // Tests and their helpers drive the whole app from any folder; the layers are the product's.
    exclude: { path: ['\\.test\\.ts$', '^src/test-support/'] },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
  },
}
