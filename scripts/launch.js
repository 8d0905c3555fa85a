// Starts a compiled entry point from dist/ after making sure dist/ holds a build of the current source:
// dist/build-manifest.json lists every file the build read and when it started; a file modified since
// (a few ms to check ~250 files) or a missing dist/ triggers a rebuild (well under a second), announced
// on stderr, so edited source never runs stale and nothing is compiled when nothing changed.

import { readFileSync, statSync } from 'node:fs'
import module from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildDist, DIST, describeBuildFailure, ENTRIES, MANIFEST, ROOT } from './build.js'

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

/**
 * Rebuilds `dist` when `staleReason` gives a reason, saying why and how long it took on stderr.
 * Rejects with the compiler's messages when the source does not build.
 */
export const ensureBuilt = async ({
  root = ROOT,
  dist = DIST,
  entries = ENTRIES,
  log = (line) => process.stderr.write(line),
} = {}) => {
  const reason = staleReason({ root, dist })
  if (reason === undefined) return
  log(`chorus: ${reason}; building dist/ …\n`)
  let ms
  try {
    ms = await buildDist({ outdir: dist, root, entries })
  } catch (error) {
    throw new Error(`the source does not build:\n${describeBuildFailure(error)}`, { cause: error })
  }
  log(`chorus: built dist/ in ${ms} ms\n`)
}

/**
 * Runs dist/<entry>.js in this process: V8's compile cache on (Node ≥ 22.1, under os.tmpdir()), stack
 * traces mapped back to the TypeScript source, the build brought up to date first.
 */
export const launch = async (entry) => {
  module.enableCompileCache?.()
  process.setSourceMapsEnabled(true)
  try {
    await ensureBuilt()
  } catch (error) {
    process.stderr.write(`chorus: ${error.message}\nnothing started\n`)
    process.exit(1)
  }
  await import(pathToFileURL(join(DIST, `${entry}.js`)).href)
}
