import { realpath } from 'node:fs/promises'
import { isAbsolute, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ChorusError, isChorusError } from '#platform/errors/index.ts'

/**
 * What a custom team module's factory must return: a compiled graph (anything with `invoke`).
 * `config.signal` aborts when the step's run is cancelled.
 */
export interface CustomGraph {
  invoke(
    input: {
      goal: string
      instruction: string
      inputs: { stepId: string; text: string }[]
    },
    config?: { signal?: AbortSignal },
  ): Promise<unknown>
}

/** Helpers a custom graph gets: a recorded model call. */
export interface CustomGraphDeps {
  chat(prompt: string): Promise<string>
}

export type GraphFactory = (deps: CustomGraphDeps) => CustomGraph | Promise<CustomGraph>

export interface ModuleLoader {
  /** The factory a team module exports; throws `team.moduleRefused` saying why it cannot be used. */
  load(module: string, exportName: string): Promise<GraphFactory>
  /** Why a team may not use this module (the write-time check), or undefined when `load` would succeed. */
  check(module: string, exportName: string): Promise<string | undefined>
}

/**
 * A module reference: a relative path of plain segments (no `..`, no leading dot, no absolute
 * path, no drive letter) ending in a script extension, e.g. `summarize/graph.ts`.
 */
const MODULE_REF = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(?:ts|mts|js|mjs)$/

const refused = (message: string, cause?: unknown) =>
  new ChorusError('team.moduleRefused', message, cause === undefined ? {} : { cause })

const inside = (root: string, target: string) => {
  const rel = relative(root, target)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

/** The real path of `module` under `root`, 'missing', or 'outside' when a link leads out of it. */
const locate = async (root: string, module: string): Promise<string | 'missing' | 'outside'> => {
  try {
    const realRoot = await realpath(root)
    const real = await realpath(join(realRoot, module))
    return inside(realRoot, real) ? real : 'outside'
  } catch {
    return 'missing' // no such file, or the root itself is gone
  }
}

/**
 * Loads custom team modules only from the allowlisted directories (`roots`): the reference is a
 * plain relative path, found under one of them by its real path (a symlink out is refused), and
 * must export a factory function. Messages name the reference the team gave and the reason, never
 * a directory of the server: the import error itself is kept as `cause` for the server's logs.
 */
export const makeModuleLoader = ({ roots }: { roots: readonly string[] }): ModuleLoader => {
  const load = async (module: string, exportName: string): Promise<GraphFactory> => {
    if (roots.length === 0)
      throw refused('custom team modules are not enabled here: no module directory is allowlisted')
    if (!MODULE_REF.test(module))
      throw refused(
        'module must be a relative path of letters, digits, "_", "-", "." and "/" (no "..", no leading "/" or ".") ending in .ts, .mts, .js or .mjs',
      )
    let outside = false
    for (const root of roots) {
      const found = await locate(root, module)
      if (found === 'outside') outside = true
      if (found === 'missing' || found === 'outside') continue
      let loaded: Record<string, unknown>
      try {
        loaded = (await import(pathToFileURL(found).href)) as Record<string, unknown>
      } catch (error) {
        throw refused(`module ${module} could not be loaded: it does not compile or throws on import`, error)
      }
      const factory = loaded[exportName]
      if (typeof factory !== 'function')
        throw refused(`module ${module} has no function export "${exportName}"`)
      return factory as GraphFactory
    }
    throw refused(
      outside
        ? `module ${module} leads out of the allowlisted module directories`
        : `module ${module} is not in the allowlisted module directories`,
    )
  }
  return {
    load,
    check: async (module, exportName) => {
      try {
        await load(module, exportName)
        return undefined
      } catch (error) {
        if (isChorusError(error) && error.code === 'team.moduleRefused') return error.message
        throw error
      }
    },
  }
}
