import { join } from 'node:path'
import type { Environment } from './check.ts'

/**
 * The type environments a snippet can ask for with `env=NAME` in its info string.
 * - `default`: a browser app or a Node script (DOM and Node types), the common case.
 * - `worker`: a Cloudflare Worker (the Workers runtime types, the scaffold's `Env`), no DOM.
 */
export function environments(packageDir: string): Record<string, Environment> {
  return {
    default: {
      compilerOptions: { lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: ['node'] },
    },
    worker: {
      compilerOptions: { lib: ['ES2023'], types: ['@cloudflare/workers-types'] },
      files: [join(packageDir, 'env/worker.d.ts')],
    },
  }
}
