export {
  createDpopFetch,
  type DpopFetch,
  type DpopFetchOptions,
  type OpenTabChannel,
} from './dpop-fetch.ts'
export { createDpopKey, type DpopKey, type DpopPublicJwk } from './key.ts'
export { createProof, type ProofOptions } from './proof.ts'
