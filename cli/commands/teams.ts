import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { CliError } from '../cli-error.ts'
import type { BodyOf, Client } from '../client.ts'
import type { CliIo } from '../io.ts'

const EXTENSIONS = ['.yaml', '.yml', '.json']

/** The definition files under a path: the file itself, or every YAML/JSON file of a directory (sorted). */
const filesAt = async (path: string): Promise<string[]> => {
  const info = await stat(path).catch(() => {
    throw new CliError('teams.notFound', `no such file or directory: ${path}`)
  })
  if (!info.isDirectory()) return [path]
  const names = (await readdir(path)).filter((n) => EXTENSIONS.includes(extname(n))).sort()
  return names.map((n) => join(path, n))
}

/** Every team in a file: YAML (one or more documents, each a team or a list) or JSON (a team or a list). */
const teamsIn = async (file: string): Promise<unknown[]> => {
  const text = await readFile(file, 'utf8')
  if (extname(file) === '.json') {
    const parsed: unknown = JSON.parse(text)
    return Array.isArray(parsed) ? parsed : [parsed]
  }
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('; '))
    const value: unknown = doc.toJS()
    return value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]
  })
}

type Result = {
  file: string
  name?: string
  version?: number
  error?: string
  code?: string
  problems?: string[]
}

/** `✓ team poet v2 (file)`, or `✗ name: code:` and each problem of a refused team on its own line. */
const lineOf = (r: Result): string => {
  if (!r.error) return `✓ team ${r.name} v${r.version} (${r.file})\n`
  if (!r.code || !r.problems?.length) return `✗ ${r.name ?? r.file}: ${r.error}\n`
  const count = r.problems.length === 1 ? '1 problem' : `${r.problems.length} problems`
  return `✗ ${r.name}: ${r.code}: ${count} (${r.file})\n${r.problems.map((p) => `    - ${p}\n`).join('')}`
}

/**
 * `chorus teams apply <path>`: saves every team found as a new version (PUT /teams/{name}),
 * reporting each; exit 1 when any file or team was refused.
 */
export const applyTeams = async (
  client: Client,
  io: CliIo,
  options: { path: string; json: boolean },
): Promise<number> => {
  const results: Result[] = []
  for (const file of await filesAt(resolve(io.cwd, options.path))) {
    let teams: unknown[]
    try {
      teams = await teamsIn(file)
    } catch (error) {
      results.push({ file, error: `cannot read: ${(error as Error).message}` })
      continue
    }
    for (const team of teams) {
      const name = (team as { name?: unknown })?.name
      if (typeof name !== 'string') {
        results.push({ file, error: 'a team needs a name' })
        continue
      }
      try {
        // The document as read from the file; the server checks that it is a team.
        const { body } = await client.call('putTeam', { params: { name }, body: team as BodyOf<'putTeam'> })
        results.push({ file, name, version: body.version })
      } catch (error) {
        if (!(error instanceof CliError)) throw error
        results.push({
          file,
          name,
          error: `${error.code}: ${error.message}`,
          code: error.code,
          problems: error.problems,
        })
      }
    }
  }
  if (options.json) io.stdout(`${JSON.stringify(results, null, 2)}\n`)
  else for (const r of results) io.stdout(lineOf(r))
  return results.some((r) => r.error) ? 1 : 0
}

/** `chorus teams reset`: restores the default teams of the tenant (POST /default-teams/reset), one line each. */
export const resetTeams = async (client: Client, io: CliIo, options: { json: boolean }): Promise<number> => {
  const { body } = await client.call('resetTeams')
  if (options.json) io.stdout(`${JSON.stringify(body, null, 2)}\n`)
  else for (const team of body.teams) io.stdout(`✓ team ${team.name} v${team.version} (default)\n`)
  return 0
}
