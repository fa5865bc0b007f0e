import { describe, expect, it } from 'vitest'
import { nextSteps, packageManagerFrom } from './next-steps.ts'

describe('next steps', () => {
  it('start with cd into the new directory, then install, the secrets and dev', () => {
    const text = nextSteps('my-broker', 'my-broker')
    const order = ['cd my-broker', 'npm install', 'cp .dev.vars.example .dev.vars']
    const positions = [...order, 'npm run generate-key', 'npm run dev', 'npm run deploy'].map(
      (step) => text.indexOf(step)
    )

    expect(positions.every((at) => at >= 0)).toBe(true)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
  })

  it('leave out cd when the project is the current directory', () => {
    expect(nextSteps('my-broker', '')).not.toContain('cd ')
  })

  it('speak the package manager that ran the starter', () => {
    expect(packageManagerFrom('pnpm/10.34.9 npm/? node/v24.21.0 linux x64')).toBe('pnpm')
    expect(packageManagerFrom(undefined)).toBe('npm')
    expect(nextSteps('b', 'b', 'pnpm')).toContain('pnpm exec wrangler secret put APIVIDEO_API_KEY')
  })
})
