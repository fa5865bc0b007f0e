import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import type { Snippet } from './extract.ts'

export interface SnippetResult {
  snippet: Snippet
  /** Type errors, as `README.md:line:col TSnnnn message`; empty: it compiles. */
  errors: string[]
}

export interface CheckOptions {
  /** Where the snippet files go: a directory whose `node_modules` resolves the packages. */
  workDir: string
  /** Type environments by name: compiler options over the strict base, and extra files. */
  environments: Record<string, Environment>
}

export interface Environment {
  compilerOptions: Record<string, unknown>
  /** Declaration files every snippet of this environment sees (e.g. a Worker's `Env`). */
  files?: string[]
}

/**
 * The strict base every snippet compiles under: what a user's strict project would use. The
 * packages' declaration files are checked too (no `skipLibCheck`): a snippet that pulls in an
 * entry whose types need a runtime its environment lacks (a Worker-only entry in a browser app)
 * fails here, as it would in a project that checks them.
 */
const BASE_OPTIONS = {
  strict: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  noEmit: true,
  skipLibCheck: false,
  isolatedModules: true,
  allowJs: true,
  checkJs: true,
  jsx: 'react-jsx',
}

/**
 * Type-checks each snippet as a module of its own, in its environment, and maps every error back
 * to its README line. The prelude's lines count before the block: errors there point at the block.
 */
export function checkSnippets(snippets: Snippet[], { workDir, environments }: CheckOptions) {
  rmSync(workDir, { recursive: true, force: true })
  const results: SnippetResult[] = []
  const byEnv = new Map<string, Snippet[]>()
  for (const snippet of snippets) {
    if (!snippet.skip) byEnv.set(snippet.env, [...(byEnv.get(snippet.env) ?? []), snippet])
  }
  for (const [name, group] of byEnv) {
    const environment = environments[name]
    if (!environment) {
      for (const snippet of group) results.push({ snippet, errors: [`unknown env=${name}`] })
      continue
    }
    results.push(...checkEnvironment(group, join(workDir, name), environment))
  }
  return results
}

function checkEnvironment(snippets: Snippet[], dir: string, environment: Environment) {
  mkdirSync(dir, { recursive: true })
  // Top-level await and `import` need ESM, as in any current app.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  const files = new Map<string, Snippet>()
  for (const snippet of snippets) {
    const base = `${snippet.readme.replace(/[^a-z0-9]+/gi, '-')}-L${snippet.line}`
    const file = join(dir, `${base}.${snippet.kind}${snippet.jsx ? 'x' : ''}`)
    writeFileSync(file, snippet.prelude + snippet.code)
    files.set(file, snippet)
  }
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    { ...BASE_OPTIONS, ...environment.compilerOptions },
    dir
  )
  if (errors.length > 0)
    throw new Error(ts.flattenDiagnosticMessageText(errors[0]?.messageText, '\n'))
  // Type libraries (`types`) resolve from the snippets' directory, as in a project there.
  const host = ts.createCompilerHost(options)
  host.getCurrentDirectory = () => dir
  const program = ts.createProgram([...files.keys(), ...(environment.files ?? [])], options, host)
  const found = new Map<Snippet, string[]>([...files.values()].map((s) => [s, []]))
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const snippet = diagnostic.file && files.get(diagnostic.file.fileName)
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')
    if (!snippet || !diagnostic.file || diagnostic.start === undefined) {
      for (const list of found.values()) list.push(`TS${diagnostic.code} ${message}`)
      continue
    }
    const at = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    const preludeLines = snippet.prelude.split('\n').length - 1
    const line = Math.max(at.line - preludeLines, 0) + snippet.line
    found
      .get(snippet)
      ?.push(`${snippet.readme}:${line}:${at.character + 1} TS${diagnostic.code} ${message}`)
  }
  return [...found].map(([snippet, errors]) => ({ snippet, errors }))
}
