// Compiles the two Node entry points (the local server and the CLI) into dist/ with esbuild, so that
// `npm start` and `npx chorus` run plain JavaScript: no TypeScript is compiled at run time.
// Run by `npm ci` (the `prepare` script) and `npm run build`; scripts/launch.js calls it when a
// source file is newer than the build. The Lambda bundles are built by CDK (infra/), not here.
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url))

/** Where `npm start` and `npx chorus` load from. */
export const DIST = join(ROOT, 'dist')

/** The record of one build: when it started and every file it read; scripts/launch.js checks it. */
export const MANIFEST = 'build-manifest.json'

/** dist/<name>.js ← source entry point. */
export const ENTRIES = { start: 'runtime/local/main.ts', cli: 'cli/run.ts' }

/** Files that shape the output without being bundled: the `#` aliases, the compiler settings, this script. */
const SETTINGS = ['package.json', 'tsconfig.json', 'scripts/build.js']

/** Writes `path` through a temporary file and a rename, so a concurrent reader never sees half a file. */
const writeAtomically = async (path, contents) => {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, contents)
  await rename(temporary, path)
}

const filesUnder = async (dir) =>
  (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))

/**
 * Bundles the entry points into `outdir` (ESM, Node 22, packages in node_modules left as imports, one
 * shared chunk per module set, source maps beside each file) and writes the manifest last.
 * Resolves with the build's duration in milliseconds; rejects with esbuild's messages when the source
 * does not compile.
 */
export const buildDist = async ({ outdir = DIST, root = ROOT, entries = ENTRIES } = {}) => {
  const startedAt = Date.now()
  const { build } = await import('esbuild')
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    keepNames: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
  })
  // Chunks first, entry points after them, the manifest last: whatever a reader finds is complete.
  const entryFiles = new Set(Object.keys(entries).map((name) => join(outdir, `${name}.js`)))
  const isEntry = (path) => entryFiles.has(path.replace(/\.map$/, ''))
  const files = [...result.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)))
  for (const file of files) await writeAtomically(file.path, file.contents)
  const written = new Set(files.map((file) => file.path))
  for (const path of await filesUnder(join(outdir, 'chunks')))
    if (!written.has(path)) await rm(path, { force: true })
  const settings = SETTINGS.filter((path) => existsSync(join(root, path)))
  const inputs = [...Object.keys(result.metafile.inputs), ...settings].filter((path) => !path.includes(':'))
  await writeAtomically(join(outdir, MANIFEST), `${JSON.stringify({ startedAt, inputs }, null, 1)}\n`)
  return Date.now() - startedAt
}

/** Formats esbuild's failure (or any error) as lines a developer can act on. */
export const describeBuildFailure = (error) =>
  Array.isArray(error?.errors) && error.errors.length > 0
    ? error.errors
        .map(({ text, location }) =>
          location ? `${location.file}:${location.line}:${location.column}: ${text}` : text,
        )
        .join('\n')
    : String(error?.stack ?? error)

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const ms = await buildDist()
    process.stdout.write(
      `built ${relative(process.cwd(), DIST) || '.'}/ (${Object.keys(ENTRIES).join(', ')}) in ${ms} ms\n`,
    )
  } catch (error) {
    process.stderr.write(`build failed:\n${describeBuildFailure(error)}\n`)
    process.exit(1)
  }
}
