import { extname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ChorusError, isChorusError } from '#platform/errors/index.ts'
import { resolveInJail } from '#platform/tools/file/jail.ts'

/** What a custom team module's factory must return: a compiled graph (anything with `invoke`). */
export interface CustomGraph {
  invoke(input: {
    goal: string
    instruction: string
    inputs: { stepId: string; text: string }[]
  }): Promise<unknown>
}

/** Helpers a custom graph gets: a recorded model call. */
export interface CustomGraphDeps {
  chat(prompt: string): Promise<string>
}

export type GraphFactory = (deps: CustomGraphDeps) => CustomGraph | Promise<CustomGraph>

export interface ModuleLoader {
  load(module: string, exportName: string): Promise<GraphFactory>
}

const EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs'])

const refused = (message: string) => new ChorusError('team.moduleRefused', message)

/**
 * Loads custom team modules only from the allowlisted directories: the module reference is a
 * path relative to one of them, resolved in a jail (no `..`, no absolute path, no symlink out),
 * and must export a factory function. Anything else is refused with a clear reason.
 */
export const makeModuleLoader = ({ roots }: { roots: readonly string[] }): ModuleLoader => ({
  load: async (module, exportName) => {
    if (!EXTENSIONS.has(extname(module)))
      throw refused(`module ${module} must be a .ts, .mts, .js or .mjs file`)
    let lastReason = `no allowlisted directory is configured for team modules`
    for (const root of roots) {
      let path: string
      try {
        path = await resolveInJail(root, module)
      } catch (error) {
        if (isChorusError(error)) {
          lastReason = `module ${module} is outside the allowlisted directories: ${error.message}`
          continue
        }
        throw error
      }
      let loaded: Record<string, unknown>
      try {
        loaded = (await import(pathToFileURL(path).href)) as Record<string, unknown>
      } catch (error) {
        lastReason = `module ${module} could not be loaded from ${root}: ${(error as Error).message}`
        continue
      }
      const factory = loaded[exportName]
      if (typeof factory !== 'function')
        throw refused(`module ${module} has no function export "${exportName}"`)
      return factory as GraphFactory
    }
    throw refused(lastReason)
  },
})
