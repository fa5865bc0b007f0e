import { readFileSync, writeFileSync } from 'node:fs'

/**
 * A `wrangler.jsonc` of this repository as an object to edit, without `$schema`. Its comments are
 * whole lines, so dropping them leaves JSON. The profile tools write edited copies because
 * `wrangler dev` ignores `--alias`.
 */
export function readWranglerConfig(file: string): Record<string, unknown> {
  const config = JSON.parse(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*\/\//.test(line))
      .join('\n')
  ) as Record<string, unknown>
  delete config.$schema
  return config
}

/** Writes `config` to `file` for `wrangler dev --config`, and answers `file`. */
export function writeWranglerConfig(file: string, config: Record<string, unknown>): string {
  writeFileSync(file, JSON.stringify(config, null, 2))
  return file
}
