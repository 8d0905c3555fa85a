// Starts a compiled entry point from dist/ after making sure dist/ holds a build of the current source:
// dist/build-manifest.json lists every file the build read and when it started; a file modified since
// (a few ms to check ~260 files) or a missing dist/ triggers a rebuild (2-4 s on 2 cores), announced
// on stderr, so edited source never runs stale and nothing is compiled when nothing changed.

import module from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  buildConsole,
  buildDist,
  CONSOLE_DIST,
  DIST,
  describeBuildFailure,
  ENTRIES,
  ROOT,
  staleReason,
} from './build.js'

/**
 * Rebuilds `dist` when `staleReason` gives a reason, saying why and how long it took on stderr.
 * Rejects with the compiler's messages when the source does not build.
 * @param {{ root?: string, dist?: string, entries?: Record<string, string>, log?: (line: string) => unknown,
 *   withConsole?: boolean }} [options]
 */
export const ensureBuilt = async ({
  root = ROOT,
  dist = DIST,
  entries = ENTRIES,
  log = (line) => process.stderr.write(line),
  withConsole = false,
} = {}) => {
  const reason = staleReason({ root, dist })
  if (reason !== undefined) {
    log(`chorus: ${reason}; building dist/ …\n`)
    let ms
    try {
      ms = await buildDist({ outdir: dist, root, entries })
    } catch (error) {
      throw new Error(`the source does not build:\n${describeBuildFailure(error)}`, { cause: error })
    }
    log(`chorus: built dist/ in ${ms} ms\n`)
  }
  if (withConsole) await ensureConsoleBuilt({ root, dist: join(dist, 'console'), log })
}

/** Rebuilds the console (dist/console) when web/ changed since its build, as `ensureBuilt` does for dist/. */
export const ensureConsoleBuilt = async ({ root = ROOT, dist = CONSOLE_DIST, log } = {}) => {
  const reason = staleReason({ root, dist })
  if (reason === undefined) return
  log(`chorus: console: ${reason.replace('dist/', 'dist/console/')}; building it …\n`)
  let ms
  try {
    ms = await buildConsole({ outdir: dist, root })
  } catch (error) {
    throw new Error(`the console does not build:\n${describeBuildFailure(error)}`, { cause: error })
  }
  log(`chorus: built dist/console/ in ${ms} ms\n`)
}

/**
 * Runs dist/<entry>.js in this process: V8's compile cache on (Node ≥ 22.1, under os.tmpdir()), stack
 * traces mapped back to the TypeScript source, the build brought up to date first.
 */
export const launch = async (entry) => {
  module.enableCompileCache?.()
  process.setSourceMapsEnabled(true)
  try {
    // The server serves the console; the CLI does not need it.
    await ensureBuilt({ withConsole: entry === 'start' })
  } catch (error) {
    process.stderr.write(`chorus: ${error.message}\nnothing started\n`)
    process.exit(1)
  }
  await import(pathToFileURL(join(DIST, `${entry}.js`)).href)
}
