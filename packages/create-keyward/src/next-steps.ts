export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun'

/** The package manager that ran us, from the user agent npm, pnpm, yarn and bun all set. */
export function packageManagerFrom(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split('/')[0]
  return name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : 'npm'
}

/** What to type next, in the user's package manager, from where they are. */
export function nextSteps(name: string, relativeDir: string, pm: PackageManager = 'npm'): string {
  const run = pm === 'npm' ? 'npm run' : pm
  const exec = pm === 'npm' ? 'npx' : pm === 'pnpm' ? 'pnpm exec' : pm === 'bun' ? 'bunx' : 'yarn'
  const cd = relativeDir === '' || relativeDir === '.' ? [] : [`cd ${relativeDir}`]
  const lines = (steps: string[]) => steps.map((step) => `  ${step}`).join('\n')
  return `
Created ${name}: a Keyward broker for Cloudflare Workers.

Next steps:
${lines([
  ...cd,
  `${pm} install`,
  'cp .dev.vars.example .dev.vars   # then put your api.video API key in it',
  `${run} generate-key             # put the key it prints after KEYWARD_SIGNING_KEY= in .dev.vars`,
  `${run} dev                      # the broker on http://localhost:8787`,
])}

Set ALLOWED_ORIGINS in wrangler.jsonc to your app's origin. To deploy:
${lines([
  `${exec} wrangler secret put APIVIDEO_API_KEY`,
  `${exec} wrangler secret put KEYWARD_SIGNING_KEY`,
  `${run} deploy`,
])}
`
}
