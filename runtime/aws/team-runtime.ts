import { mkdirSync } from 'node:fs'
import { type SecretStore, secretReader } from '#platform/secrets/index.ts'
import { makeFileTools, WebFetchTool } from '#platform/tools/index.ts'
import type { AwsConfig } from './config.ts'

/**
 * What teams may use on AWS: file tools jailed to the workspace under /tmp, the web tool with the
 * configured allowlist, tool secrets from Secrets Manager (`<prefix><name>`), and no custom modules
 * (a Lambda bundle ships none yet).
 */
export const makeAwsTeamRuntime = (config: AwsConfig, secrets: SecretStore) => {
  mkdirSync(config.teams.workspaceDir, { recursive: true })
  const webPolicy = { allow: config.teams.webAllow }
  return {
    builtins: [
      ...makeFileTools({ root: config.teams.workspaceDir }),
      new WebFetchTool({ policy: webPolicy }),
    ],
    secrets: secretReader(secrets, config.secretPrefix),
    webPolicy,
    moduleRoots: [] as string[],
  }
}
