#!/usr/bin/env node
import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { CreateKeywardError } from './errors.ts'
import { nextSteps, packageManagerFrom } from './next-steps.ts'
import { scaffold } from './scaffold.ts'

const USAGE = `create-keyward: a Keyward broker for Cloudflare Workers, ready to run

Usage: npm create keyward@latest <directory> [-- --name <name>]

  <directory>     where to create the project (must not exist, or be empty)
  --name <name>   the package and Worker name (default: the directory's name)
  --help          show this text
`

try {
  const { values, positionals } = parseArguments()
  if (values.help) {
    process.stdout.write(USAGE)
    process.exit(0)
  }
  const [directory] = positionals
  if (directory === undefined) {
    throw new CreateKeywardError('missing_directory', 'name the directory to create the project in')
  }
  const project = scaffold({ directory, ...(values.name ? { name: values.name } : {}) })
  const where = relative(process.cwd(), project.directory)
  process.stdout.write(
    nextSteps(project.name, where, packageManagerFrom(process.env.npm_config_user_agent))
  )
} catch (error) {
  if (!(error instanceof CreateKeywardError)) throw error
  const usage = error.code === 'missing_directory' || error.code === 'invalid_arguments'
  process.stderr.write(`create-keyward: ${error.message}\n${usage ? `\n${USAGE}` : ''}`)
  process.exit(2)
}

function parseArguments() {
  try {
    return parseArgs({
      options: { name: { type: 'string' }, help: { type: 'boolean', default: false } },
      allowPositionals: true,
    })
  } catch (error) {
    throw new CreateKeywardError(
      'invalid_arguments',
      error instanceof Error ? error.message : String(error),
      { cause: error }
    )
  }
}
