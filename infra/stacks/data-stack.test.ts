import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { Match } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { ensureTable } from '../../platform/store/table.ts'
import { stageConfig } from '../config/stages.ts'
import { arnOf, logicalIdOf, resourcesOf, synthStage } from '../testing/synth.ts'

/** What `ensureTable` asks DynamoDB for (embedded and emulator runs), captured without a server. */
const ensureTableRequest = async (): Promise<CreateTableCommandInput> => {
  let input: CreateTableCommandInput | undefined
  const client = {
    send: async (command: unknown) => {
      if (command instanceof CreateTableCommand) input = command.input
      return { Table: { TableStatus: 'ACTIVE' } }
    },
  } as unknown as DynamoDBClient
  await ensureTable(client, 'chorus')
  if (!input) throw new Error('ensureTable sent no CreateTable')
  return input
}

const sortBy = <T>(items: readonly T[] | undefined, key: (item: T) => string) =>
  [...(items ?? [])].sort((a, b) => key(a).localeCompare(key(b)))

describe('data stack', () => {
  const dev = synthStage()
  const template = dev.templates.data
  const data = dev.stacks.data
  const tableKey = logicalIdOf(data, data.table.key)
  const blobKey = logicalIdOf(data, data.blobs.key)
  const secretsKey = logicalIdOf(data, data.secretsKey)

  it('creates the table ensureTable creates: same keys, indexes and projections', async () => {
    // Prepare
    const expected = await ensureTableRequest()
    const [[, table] = []] = resourcesOf(template, 'AWS::DynamoDB::Table')
    const props = table?.Properties as unknown as CreateTableCommandInput

    // Assess
    expect(resourcesOf(template, 'AWS::DynamoDB::Table')).toHaveLength(1)
    expect(props.KeySchema).toEqual(expected.KeySchema)
    expect(sortBy(props.AttributeDefinitions, (a) => a.AttributeName ?? '')).toEqual(
      sortBy(expected.AttributeDefinitions, (a) => a.AttributeName ?? ''),
    )
    expect(sortBy(props.GlobalSecondaryIndexes, (g) => g.IndexName ?? '')).toEqual(
      sortBy(expected.GlobalSecondaryIndexes, (g) => g.IndexName ?? ''),
    )
    expect(props.BillingMode).toBe(expected.BillingMode)
  })

  it('encrypts the table with its own key, with PITR and TTL on expiresAt', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: arnOf(tableKey) },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    })
  })

  it('protects the table from deletion in prod only', () => {
    const prod = synthStage(stageConfig('prod')).templates.data
    prod.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
    })
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
      DeletionPolicy: 'Delete',
    })
  })

  it('encrypts the blob bucket with its own key, blocks public access and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arnOf(blobKey) },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'blobs/' }),
    })
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdOf(data, data.blobs.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    })
  })

  it('expires incomplete uploads, replaced versions, and event blobs with the archive', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
          Match.objectLike({ Prefix: 'events/', ExpirationInDays: dev.stage.archiveRetentionDays + 1 }),
        ]),
      },
    })
  })

  it('keeps the model key in Secrets Manager under the stage name, encrypted with the secrets key', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'chorus/dev/model-api-key',
      KmsKeyId: arnOf(secretsKey),
    })
  })

  it('rotates every key it creates', () => {
    const keys = resourcesOf(template, 'AWS::KMS::Key')
    expect(keys).toHaveLength(3)
    for (const [, key] of keys) expect(key.Properties.EnableKeyRotation).toBe(true)
  })
})
