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

/** Built-in tools, secrets, web policy and module allowlist of the local runtime, from the config. */
export const makeTeamRuntime = (config: Config) => {
  mkdirSync(config.teams.workspaceDir, { recursive: true })
  const webPolicy = { allow: config.teams.webAllow }
  return {
    builtins: [
      ...makeFileTools({ root: config.teams.workspaceDir }),
      new WebFetchTool({ policy: webPolicy }),
    ],
    secrets: configSecrets(config),
    webPolicy,
    moduleRoots: config.teams.moduleDirs,
  }
}
