import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The template is what users install: it must follow the versions this repository tests with.
const repo = join(import.meta.dirname, '../../..')
const read = (path: string) => readFileSync(join(repo, path), 'utf8')
const template = JSON.parse(read('packages/create-keyward/template/package.json'))
const catalog = (name: string) =>
  read('pnpm-workspace.yaml').match(new RegExp(`^\\s+"?${name}"?: (\\S+)$`, 'm'))?.[1]
const compatibilityDate = (path: string) => read(path).match(/"compatibility_date": "([^"]+)"/)?.[1]

describe('the Worker template', () => {
  it('depends on the broker version in this repository', () => {
    const broker = JSON.parse(read('packages/broker/package.json'))

    expect(template.dependencies['@keyward/broker']).toBe(`^${broker.version}`)
  })

  it.each([
    ['hono', 'dependencies'],
    ['wrangler', 'devDependencies'],
    ['typescript', 'devDependencies'],
  ])('asks for at least the %s version this repository tests with', (name, group) => {
    expect(template[group][name]).toBe(`^${catalog(name)}`)
  })

  it('uses the compatibility date of apps/worker, which the tested workerd supports', () => {
    expect(compatibilityDate('packages/create-keyward/template/wrangler.jsonc')).toBe(
      compatibilityDate('apps/worker/wrangler.jsonc')
    )
  })
})
