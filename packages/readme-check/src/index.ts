export { type CheckOptions, checkSnippets, type Environment, type SnippetResult } from './check.ts'
export { environments } from './environments.ts'
export { extractSnippets, type Snippet } from './extract.ts'
