import { type SecretStore, secretReader } from '#platform/secrets/index.ts'
import { teamRuntimeOf } from '../team-runtime.ts'
import type { AwsConfig } from './config.ts'

/**
 * What teams may use on AWS: file tools jailed to the workspace under /tmp, the web tool with the
 * configured allowlist, tool secrets from Secrets Manager (`<prefix><name>`), and no custom modules
 * (a Lambda bundle ships none yet).
 */
export const makeAwsTeamRuntime = (config: AwsConfig, secrets: SecretStore) =>
  teamRuntimeOf({
    workspaceDir: config.teams.workspaceDir,
    webAllow: config.teams.webAllow,
    secrets: secretReader(secrets, config.secretPrefix),
    moduleRoots: [],
  })
