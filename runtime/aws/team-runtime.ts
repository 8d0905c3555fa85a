import type { S3Client } from '@aws-sdk/client-s3'
import { type SecretStore, secretReader } from '#platform/secrets/index.ts'
import { makeS3Workspaces } from '#platform/workspaces/index.ts'
import { teamRuntimeOf } from '../team-runtime.ts'
import type { AwsConfig } from './config.ts'

/**
 * What teams may use on AWS: file tools over per-tenant workspaces in the blob bucket
 * (`workspaces/<tenantId>/…`, never a warm container's /tmp), the web tool with the configured
 * allowlist, tool secrets from Secrets Manager (`<prefix><name>`), and no custom modules (a Lambda
 * bundle ships none yet).
 */
export const makeAwsTeamRuntime = (config: AwsConfig, secrets: SecretStore, s3: S3Client) =>
  teamRuntimeOf({
    workspaces: makeS3Workspaces({ client: s3, bucket: config.bucket }),
    webAllow: config.teams.webAllow,
    secrets: secretReader(secrets, config.secretPrefix),
    moduleRoots: [],
  })
