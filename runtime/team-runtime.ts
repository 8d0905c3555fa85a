import { readdirSync } from 'node:fs'
import { TenantId } from '#events'
import type { Logger } from '#platform/log/index.ts'
import { makeDirectoryWorkspaces, type Workspaces } from '#platform/workspaces/index.ts'
import { makeFileTools, type SecretReader, WebFetchTool } from '#services/workers/index.ts'
import type { Config } from './local/config.ts'

/** `search.api-key` → `SEARCH_API_KEY`, the suffix of its `CHORUS_SECRET_` variable. */
export const secretEnvName = (name: string) => name.toUpperCase().replace(/[.-]/g, '_')

/** Secrets from the configuration (the environment); on AWS, Secrets Manager takes this place. */
export const configSecrets =
  (config: Config): SecretReader =>
  async (name) =>
    config.secrets[secretEnvName(name)]

/**
 * What teams may use, in any runtime: the file tools over the tenants' workspaces, `web.fetch`
 * with the allowlist, tool secrets from `secrets`, and custom modules from `moduleRoots`.
 */
export const teamRuntimeOf = (input: {
  workspaces: Workspaces
  webAllow: readonly string[]
  secrets: SecretReader
  moduleRoots: readonly string[]
}) => {
  const webPolicy = { allow: input.webAllow }
  return {
    builtins: [...makeFileTools({ workspaces: input.workspaces }), new WebFetchTool({ policy: webPolicy })],
    secrets: input.secrets,
    webPolicy,
    moduleRoots: input.moduleRoots,
  }
}

/**
 * Files left at the top of the workspace root by versions that shared one workspace between
 * tenants: no tenant sees them any more, so say where they belong.
 */
const warnOfSharedFiles = (root: string, logger: Logger) => {
  const strays = readdirSync(root, { withFileTypes: true }).filter(
    (entry) => !(entry.isDirectory() && TenantId.safeParse(entry.name).success),
  )
  if (strays.length > 0)
    logger.warn('files at the workspace root belong to no tenant; move them into <root>/<tenantId>/', {
      root,
      files: strays.slice(0, 10).map((entry) => entry.name),
    })
}

/** The local runtime's: a directory per tenant, secrets from the environment, modules from `CHORUS_TEAM_MODULE_DIRS`. */
export const makeTeamRuntime = (config: Config, logger: Logger) => {
  const root = config.teams.workspaceDir
  try {
    warnOfSharedFiles(root, logger)
  } catch {
    // No workspace yet: created per tenant on first use.
  }
  return teamRuntimeOf({
    workspaces: makeDirectoryWorkspaces({ root }),
    webAllow: config.teams.webAllow,
    secrets: configSecrets(config),
    moduleRoots: config.teams.moduleDirs,
  })
}
