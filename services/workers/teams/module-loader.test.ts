import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isChorusError } from '#platform/errors/index.ts'
import { makeModuleLoader } from './module-loader.ts'

/** Anything that looks like a filesystem path or file URL of this machine. */
const SERVER_PATH = /file:\/\/|(?:^|[\s'"(=:])\/[\w.@+-]+\/|[A-Za-z]:\\/

describe('the custom team module loader', () => {
  let base: string
  let root: string
  beforeAll(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'chorus-modules-')))
    root = join(base, 'allowed')
    mkdirSync(join(root, 'nested'), { recursive: true })
    writeFileSync(
      join(root, 'nested', 'graph.mjs'),
      'export const createGraph = () => ({ invoke: async () => ({ output: "ok" }) })\n',
    )
    writeFileSync(join(root, 'no-export.mjs'), 'export const other = 1\n')
    writeFileSync(join(root, 'broken.mjs'), 'export const = ;\n')
    writeFileSync(
      join(root, 'throws.mjs'),
      'throw new Error("cannot start from " + import.meta.url + " in " + process.cwd())\n',
    )
    writeFileSync(join(base, 'outside.mjs'), 'export const createGraph = () => ({})\n')
    symlinkSync(join(base, 'outside.mjs'), join(root, 'link-out.mjs'))
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  const refusal = async (module: string, exportName = 'createGraph', roots = [root]) => {
    const error = await makeModuleLoader({ roots })
      .load(module, exportName)
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    if (!isChorusError(error)) throw new Error(`expected a refusal of ${module}, got ${String(error)}`)
    return error
  }

  it('loads the factory of a module under an allowlisted directory', async () => {
    const factory = await makeModuleLoader({ roots: [join(base, 'missing-root'), root] }).load(
      'nested/graph.mjs',
      'createGraph',
    )
    const graph = await factory({ chat: async () => '' })
    expect(await graph.invoke({ goal: 'g', instruction: 'i', inputs: [] })).toEqual({ output: 'ok' })
  })

  it('refuses every module when no directory is allowlisted, saying so', async () => {
    const error = await refusal('nested/graph.mjs', 'createGraph', [])
    expect(error.code).toBe('team.moduleRefused')
    expect(error.message).toMatch(/custom team modules are not enabled here/)
  })

  it.each([
    ['an absolute path', () => join(root, 'nested', 'graph.mjs'), /must be a relative path/],
    ['a ".." segment', () => '../outside.mjs', /must be a relative path/],
    ['a ".." in the middle', () => 'nested/../../outside.mjs', /must be a relative path/],
    ['a leading "./"', () => './nested/graph.mjs', /must be a relative path/],
    ['a drive letter', () => 'C:\\modules\\graph.mjs', /must be a relative path/],
    ['another extension', () => 'nested/graph.json', /must be a relative path/],
    ['a missing module', () => 'nested/missing.mjs', /is not in the allowlisted module directories/],
    ['a symlink out of the directory', () => 'link-out.mjs', /leads out of the allowlisted/],
    ['a module with a syntax error', () => 'broken.mjs', /could not be loaded: it does not compile/],
    ['a module that throws its own path', () => 'throws.mjs', /throws on import/],
    ['a module without the export', () => 'no-export.mjs', /no function export "createGraph"/],
  ])('refuses %s with a reason that reveals no server path', async (_, module, reason) => {
    const error = await refusal(module())

    expect(error.code).toBe('team.moduleRefused')
    expect(error.message).toMatch(reason)
    expect(error.message).not.toContain(base)
    expect(error.message).not.toContain(tmpdir())
    expect(error.message).not.toMatch(SERVER_PATH)
  })

  it('keeps the import error as the cause, for the server logs only', async () => {
    const error = await refusal('throws.mjs')
    expect(String((error.cause as Error).message)).toContain('cannot start from')
  })

  it('answers the write-time check with the same reason, or nothing for a usable module', async () => {
    const loader = makeModuleLoader({ roots: [root] })
    expect(await loader.check('nested/graph.mjs', 'createGraph')).toBeUndefined()
    expect(await loader.check('no-export.mjs', 'createGraph')).toBe(
      'module no-export.mjs has no function export "createGraph"',
    )
  })
})
