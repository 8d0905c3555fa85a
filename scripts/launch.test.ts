import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { BUNDLED, buildDist, describeBuildFailure, MANIFEST, ROOT, staleReason } from './build.js'
import { ensureBuilt } from './launch.js'

const node = join(ROOT, 'node_modules', '.bin', 'node')
const made: string[] = []
/** A scratch directory inside the repository (so a bundle there resolves node_modules), removed after each test. */
const scratch = async () => {
  await mkdir(join(ROOT, '.chorus'), { recursive: true })
  const dir = await mkdtemp(join(ROOT, '.chorus', 'launch-test-'))
  made.push(dir)
  return dir
}
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** A source tree with two files last modified at `at`, and a manifest of a build started at `startedAt`. */
const tree = async ({ at, startedAt }: { at: number; startedAt: number }) => {
  const root = await scratch()
  const dist = join(root, 'dist')
  await mkdir(join(root, 'src'), { recursive: true })
  await mkdir(dist)
  for (const file of ['src/a.ts', 'src/b.ts']) {
    await writeFile(join(root, file), 'export {}\n')
    await utimes(join(root, file), at / 1000, at / 1000)
  }
  await writeFile(join(dist, MANIFEST), JSON.stringify({ startedAt, inputs: ['src/a.ts', 'src/b.ts'] }))
  return { root, dist }
}

describe('staleReason', () => {
  it('accepts a build that started after every input was last modified', async () => {
    const { root, dist } = await tree({ at: 1_000_000, startedAt: 2_000_000 })

    expect(staleReason({ root, dist })).toBeUndefined()
  })

  it('names the input modified since the build started', async () => {
    const { root, dist } = await tree({ at: 1_000_000, startedAt: 2_000_000 })
    await utimes(join(root, 'src/b.ts'), 3_000, 3_000)

    expect(staleReason({ root, dist })).toBe('src/b.ts changed since the last build')
  })

  it('names an input that no longer exists', async () => {
    const { root, dist } = await tree({ at: 1_000_000, startedAt: 2_000_000 })
    await rm(join(root, 'src/a.ts'))

    expect(staleReason({ root, dist })).toBe('src/a.ts was removed since the last build')
  })

  it('says so when there is no build', async () => {
    const root = await scratch()

    expect(staleReason({ root, dist: join(root, 'dist') })).toBe('dist/ is missing or incomplete')
  })
})

describe('buildDist and ensureBuilt', () => {
  it('bundles the CLI and the server with their packages into JavaScript that runs without tsx', async () => {
    const dist = join(await scratch(), 'dist')

    await buildDist({ outdir: dist })
    const help = await promisify(execFile)(node, [join(dist, 'cli.js'), '--help'])

    expect(help.stdout).toMatch(/^chorus — talk to a Chorus API/)
    const manifest = JSON.parse(await readFile(join(dist, MANIFEST), 'utf8'))
    expect(manifest.inputs).toEqual(
      expect.arrayContaining([
        'cli/main.ts',
        'runtime/local/main.ts',
        'package-lock.json',
        'scripts/build.js',
      ]),
    )
    expect(manifest.inputs.filter((input: string) => input.includes('node_modules'))).toEqual([])
    const packages = new Set<string>()
    for (const file of await readdir(dist, { recursive: true }))
      if (file.endsWith('.js'))
        for (const [, name] of (await readFile(join(dist, file), 'utf8')).matchAll(
          /^import .* from "([^".][^"]*)"/gm,
        ))
          if (name && !name.startsWith('node:')) packages.add(name)
    expect([...packages].filter((name) => BUNDLED.some((listed) => name.startsWith(listed)))).toEqual([])
    // No native package is left to import from node_modules since the embedded store runs on node:sqlite (ADR 0025).
    expect([...packages]).toEqual([])
  }, 120_000)

  it('builds a missing dist, rebuilds it when a source file changes, saying why each time', async () => {
    const root = await scratch()
    const dist = join(root, 'dist')
    const entries = { hello: 'hello.ts' }
    const source = join(root, 'hello.ts')
    const run = async () => (await promisify(execFile)(node, [join(dist, 'hello.js')])).stdout
    await writeFile(source, "const greeting: string = 'first'\nconsole.log(greeting)\n")
    const lines: string[] = []
    const log = (line: string) => lines.push(line)

    await ensureBuilt({ root, dist, entries, log })
    const first = await run()
    await writeFile(source, "const greeting: string = 'second'\nconsole.log(greeting)\n")
    const later = (Date.now() + 5_000) / 1000
    await utimes(source, later, later)
    await ensureBuilt({ root, dist, entries, log })
    const second = await run()

    expect([first, second]).toEqual(['first\n', 'second\n'])
    expect(lines).toEqual([
      'chorus: dist/ is missing or incomplete; building dist/ …\n',
      expect.stringMatching(/^chorus: built dist\/ in \d+ ms\n$/),
      'chorus: hello.ts changed since the last build; building dist/ …\n',
      expect.stringMatching(/^chorus: built dist\/ in \d+ ms\n$/),
    ])
  })

  it('leaves a current build alone: nothing said, nothing compiled', async () => {
    // This tree has no entry points: a build would fail.
    const { root, dist } = await tree({ at: 1_000_000, startedAt: 2_000_000 })
    const lines: string[] = []

    await ensureBuilt({ root, dist, log: (line: string) => lines.push(line) })

    expect(lines).toEqual([])
  })

  it('refuses a source that does not compile, naming the file and line', async () => {
    const root = await scratch()
    await writeFile(join(root, 'broken.ts'), 'export const a = 1\nexport const a = 2\n')

    const failure = await buildDist({
      root,
      outdir: join(root, 'dist'),
      entries: { broken: 'broken.ts' },
    }).then(
      () => undefined,
      (error: unknown) => error,
    )

    expect(describeBuildFailure(failure)).toMatch(/^broken\.ts:2:\d+: .*"a"/m)
  })
})
