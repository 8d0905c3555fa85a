// Compiles the two Node entry points (the local server and the CLI) into dist/ with esbuild, so that
// `npm start` and `npx chorus` run plain JavaScript: no TypeScript is compiled at run time; and the console
// (web/) into dist/console/ with Vite, which the local server serves at `/`.
// Run by `npm ci` (the `prepare` script, when dist/ is missing or stale) and `npm run build`;
// scripts/launch.js calls it when a source file is newer than the build. The Lambda bundles are built
// by CDK (infra/), not here.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url))

/** Where `npm start` and `npx chorus` load from. */
export const DIST = join(ROOT, 'dist')

/** The record of one build: when it started and every file it read; scripts/launch.js checks it. */
export const MANIFEST = 'build-manifest.json'

/**
 * dist/<name>.js ← source entry point.
 * @type {Record<string, string>}
 */
export const ENTRIES = { start: 'runtime/local/main.ts', cli: 'cli/run.ts' }

/**
 * Files that shape the output besides the source: the `#` aliases, the installed package versions (the
 * packages themselves are not checked file by file), the compiler settings, this script.
 */
const SETTINGS = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.js']

/**
 * Packages bundled into dist/, with everything they import: pure JavaScript that is slow to load file by
 * file (resolving and reading ~2,000 files of node_modules cost more than compiling our TypeScript did).
 * Any other package our code imports stays an import from node_modules, where it finds its own files:
 * swagger-ui-dist (static assets, found through require.resolve), and any package added
 * later until it is listed here.
 */
export const BUNDLED = [
  '@aws-sdk/',
  '@langchain/',
  '@middy/',
  'ajv',
  'dynamodb-toolbox',
  'ipaddr.js',
  'jose',
  'ulid',
  'yaml',
  'zod',
]

const isBundled = (specifier) =>
  BUNDLED.some((name) =>
    name.endsWith('/') ? specifier.startsWith(name) : specifier === name || specifier.startsWith(`${name}/`),
  )

/** Leaves a package our own code imports external unless it is in BUNDLED; a bundled package's imports are bundled. */
const bundleListedPackages = {
  name: 'bundle-listed-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./#]/ }, (args) => {
      if (args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined
      if (args.importer.includes(`${sep}node_modules${sep}`) || isBundled(args.path)) return undefined
      return { path: args.path, external: true }
    })
  },
}

/** CommonJS packages inside an ES module still call require() and read __dirname (as the Lambda bundles). */
const BANNER = [
  "import { createRequire as __chorusRequire } from 'node:module'",
  "import { fileURLToPath as __chorusPath } from 'node:url'",
  "import { dirname as __chorusDirname } from 'node:path'",
  'const require = __chorusRequire(import.meta.url)',
  'const __filename = __chorusPath(import.meta.url)',
  'const __dirname = __chorusDirname(__filename)',
].join(';')

/** Writes `path` through a temporary file and a rename, so a concurrent reader never sees half a file. */
const writeAtomically = async (path, contents) => {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, contents)
  await rename(temporary, path)
}

const modifiedAt = (path) =>
  stat(path).then(
    (info) => info.mtimeMs,
    () => Number.POSITIVE_INFINITY,
  )

const filesUnder = async (dir) =>
  (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))

/**
 * Bundles the entry points and the BUNDLED packages into `outdir` (ESM, Node 22, shared chunks, a chunk per
 * dynamic import, source maps beside each file, names kept as written) and writes the manifest last.
 * `extra` overrides esbuild options (tests).
 * Resolves with the build's duration in milliseconds; rejects with esbuild's messages when the source
 * does not compile.
 */
export const buildDist = async ({ outdir = DIST, root = ROOT, entries = ENTRIES, ...extra } = {}) => {
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
    mainFields: ['module', 'main'],
    plugins: [bundleListedPackages],
    banner: { js: BANNER },
    sourcemap: 'linked',
    sourcesContent: false,
    keepNames: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
    ...extra,
  })
  // Chunks first, entry points after them, the manifest last: whatever a reader finds is complete.
  const entryFiles = new Set(Object.keys(entries).map((name) => join(outdir, `${name}.js`)))
  const isEntry = (path) => entryFiles.has(path.replace(/\.map$/, ''))
  const files = [...result.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)))
  for (const file of files) await writeAtomically(file.path, file.contents)
  // Chunks of earlier builds go; a concurrent build's (written in the last minute) stay for its readers.
  const written = new Set(files.map((file) => file.path))
  for (const path of await filesUnder(join(outdir, 'chunks')))
    if (!written.has(path) && (await modifiedAt(path)) < startedAt - 60_000) await rm(path, { force: true })
  const settings = SETTINGS.filter((path) => existsSync(join(root, path)))
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter(
      (path) => !path.includes(':') && !path.includes('node_modules/'),
    ),
    ...settings,
  ]
  await writeAtomically(join(outdir, MANIFEST), `${JSON.stringify({ startedAt, inputs }, null, 1)}\n`)
  return Date.now() - startedAt
}

/** Where the console's built files go; the local server serves them at `/` (runtime/local/console-assets.ts). */
export const CONSOLE_DIST = join(DIST, 'console')

/** What the console's build reads besides the packages: its page, its config and its source (web/src). */
const CONSOLE_SOURCES = ['web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'web/src']

/**
 * Builds the console (web/, React with Vite) into `outdir` and writes its manifest there last, so that
 * `staleReason({ dist: outdir })` can tell when it is out of date. Resolves with the build's duration in ms.
 */
export const buildConsole = async ({ outdir = CONSOLE_DIST, root = ROOT } = {}) => {
  const startedAt = Date.now()
  const { build } = await import('vite')
  await build({
    configFile: join(root, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: outdir, emptyOutDir: true },
  })
  const inputs = []
  for (const path of CONSOLE_SOURCES) {
    const absolute = join(root, path)
    if (!existsSync(absolute)) continue
    if (statSync(absolute).isFile()) inputs.push(path)
    else inputs.push(...(await filesUnder(absolute)).map((file) => relative(root, file).split(sep).join('/')))
  }
  inputs.push(...SETTINGS.filter((path) => existsSync(join(root, path))))
  await writeAtomically(join(outdir, MANIFEST), `${JSON.stringify({ startedAt, inputs }, null, 1)}\n`)
  return Date.now() - startedAt
}

/**
 * Why the build in `dist` does not match the source under `root`, or undefined when it does.
 * @example staleReason({ root, dist }) // 'cli/main.ts changed since the last build'
 */
export const staleReason = ({ root = ROOT, dist = DIST } = {}) => {
  let manifest
  try {
    manifest = JSON.parse(readFileSync(join(dist, MANIFEST), 'utf8'))
  } catch {
    return 'dist/ is missing or incomplete'
  }
  for (const input of manifest.inputs) {
    let mtimeMs
    try {
      mtimeMs = statSync(join(root, input)).mtimeMs
    } catch {
      return `${input} was removed since the last build`
    }
    if (mtimeMs >= manifest.startedAt) return `${input} changed since the last build`
  }
  return undefined
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

// `node scripts/build.js` builds; `--if-stale` (the `prepare` script) skips a build that matches the source,
// as when npx links this package into its cache on a first `npx chorus`.
// The console (dist/console) is built the same way, on its own: a change to the server does not rebuild it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ifStale = process.argv.includes('--if-stale')
  try {
    if (ifStale && staleReason() === undefined) {
      process.stdout.write('dist/ matches the source, not rebuilt\n')
    } else {
      const ms = await buildDist()
      process.stdout.write(
        `built ${relative(process.cwd(), DIST) || '.'}/ (${Object.keys(ENTRIES).join(', ')}) in ${ms} ms\n`,
      )
    }
    if (ifStale && staleReason({ dist: CONSOLE_DIST }) === undefined) {
      process.stdout.write('dist/console/ matches web/, not rebuilt\n')
    } else {
      const ms = await buildConsole()
      process.stdout.write(`built ${relative(process.cwd(), CONSOLE_DIST)}/ (the console) in ${ms} ms\n`)
    }
  } catch (error) {
    process.stderr.write(`build failed:\n${describeBuildFailure(error)}\n`)
    process.exit(1)
  }
}
