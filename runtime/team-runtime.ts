import { mkdirSync } from 'node:fs'
import type { Config } from '#platform/config/index.ts'
import { makeFileTools, type SecretReader, WebFetchTool } from '#platform/tools/index.ts'

/** `search.api-key` → `SEARCH_API_KEY`, the suffix of its `CHORUS_SECRET_` variable. */
export const secretEnvName = (name: string) => name.toUpperCase().replace(/[.-]/g, '_')

/** Secrets from the configuration (the environment); on AWS, Secrets Manager takes this place. */
export const configSecrets =
  (config: Config): SecretReader =>
  async (name) =>
    config.secrets[secretEnvName(name)]

/**
 * What teams may use, in any runtime: the file tools jailed to the workspace, `web.fetch` with
 * the allowlist, tool secrets from `secrets`, and custom modules from `moduleRoots`.
 */
export const teamRuntimeOf = (input: {
  workspaceDir: string
  webAllow: readonly string[]
  secrets: SecretReader
  moduleRoots: readonly string[]
}) => {
  mkdirSync(input.workspaceDir, { recursive: true })
  const webPolicy = { allow: input.webAllow }
  return {
    builtins: [...makeFileTools({ root: input.workspaceDir }), new WebFetchTool({ policy: webPolicy })],
    secrets: input.secrets,
    webPolicy,
    moduleRoots: input.moduleRoots,
  }
}

/** The local runtime's: secrets from the environment, modules from `CHORUS_TEAM_MODULE_DIRS`. */
export const makeTeamRuntime = (config: Config) =>
  teamRuntimeOf({
    workspaceDir: config.teams.workspaceDir,
    webAllow: config.teams.webAllow,
    secrets: configSecrets(config),
    moduleRoots: config.teams.moduleDirs,
  })
