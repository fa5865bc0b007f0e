import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateKeywardError } from './errors.ts'
import { validateProjectName } from './project-name.ts'

export interface ScaffoldOptions {
  /** Where to create the project; it must not exist or be empty. */
  directory: string
  /** The package and Worker name. Default: the directory's name. */
  name?: string
  /** The template to copy. Default: the `template` directory shipped with this package. */
  templateDir?: string
}

export interface Scaffolded {
  name: string
  directory: string
  /** The files written, relative to `directory`, sorted. */
  files: string[]
}

/** npm drops `.gitignore` from tarballs, so the template keeps dotfiles as `_name`. */
const DOTFILES: Record<string, string> = {
  _gitignore: '.gitignore',
  '_dev.vars.example': '.dev.vars.example',
}

/** Files whose `{{name}}` placeholders take the project name. */
const NAMED_FILES = ['package.json', 'wrangler.jsonc', 'README.md']

const DEFAULT_TEMPLATE = fileURLToPath(new URL('../template', import.meta.url))

/**
 * Copies the Worker template into `directory` and names the project. Refuses a directory that has
 * anything in it, before writing a single file.
 *
 * @example
 * const { files } = scaffold({ directory: 'my-broker' })
 */
export function scaffold({
  directory,
  name = basename(resolve(directory)),
  templateDir = DEFAULT_TEMPLATE,
}: ScaffoldOptions): Scaffolded {
  const projectName = validateProjectName(name)
  const target = resolve(directory)
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new CreateKeywardError(
      'directory_not_empty',
      `${target} is not empty: pick a new directory name, or empty this one first.`
    )
  }
  mkdirSync(target, { recursive: true })
  cpSync(templateDir, target, { recursive: true })
  for (const [stored, real] of Object.entries(DOTFILES)) {
    if (existsSync(join(target, stored))) renameSync(join(target, stored), join(target, real))
  }
  for (const file of NAMED_FILES) {
    const path = join(target, file)
    if (!existsSync(path)) continue
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('{{name}}', projectName))
  }
  return { name: projectName, directory: target, files: listFiles(target) }
}

function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name
      return entry.isDirectory() ? listFiles(root, relative) : [relative]
    })
    .sort()
}
