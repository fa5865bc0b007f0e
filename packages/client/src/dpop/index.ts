export { createDpopKey, type DpopKey, type DpopPublicJwk } from './key.ts'
export { createProof, type ProofOptions } from './proof.ts'
