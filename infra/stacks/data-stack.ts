import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { Key } from 'aws-cdk-lib/aws-kms'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import type { StageConfig } from '../config/stages.ts'
import { BlobBucket } from '../constructs/blob-bucket.ts'
import { ChorusTable } from '../constructs/chorus-table.ts'
import { acknowledge } from '../nag/acknowledge.ts'

export interface DataStackProps extends StackProps {
  stage: StageConfig
}

/** Secrets Manager names of a stage: the model key, and the prefix of the teams' tool secrets. */
export const secretNames = (stage: string) => ({
  modelKey: `chorus/${stage}/model-api-key`,
  toolPrefix: `chorus/${stage}/tools/`,
})

/**
 * What Chorus keeps: the single table, the blob bucket, and the secrets (the model API key, read at
 * run time; tool secrets live under the stage's prefix), each store with its own KMS key.
 */
export class DataStack extends Stack {
  readonly table: ChorusTable
  readonly blobs: BlobBucket
  readonly secretsKey: Key
  readonly modelKey: Secret

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props)
    const { stage } = props
    this.table = new ChorusTable(this, 'Table', { stage: stage.name, prod: stage.prod })
    this.blobs = new BlobBucket(this, 'Blobs', {
      stage: stage.name,
      archiveRetentionDays: stage.archiveRetentionDays,
      logRetentionDays: stage.logRetentionDays,
    })

    this.secretsKey = new Key(this, 'SecretsKey', {
      alias: `alias/chorus-${stage.name}-secrets`,
      description: 'Encrypts the model API key and the tool secrets of Chorus',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.modelKey = new Secret(this, 'ModelApiKey', {
      secretName: secretNames(stage.name).modelKey,
      description: 'API key of the OpenAI-compatible model provider; set it with put-secret-value',
      encryptionKey: this.secretsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    acknowledge(
      this.modelKey,
      'SMG4',
      'A model provider key is issued by the provider, so no rotation Lambda can mint one; operators rotate ' +
        'it with put-secret-value (infra/README.md) and functions pick it up within the secret cache TTL',
    )

    new CfnOutput(this, 'TableName', {
      value: this.table.table.tableName,
      exportName: `chorus-${stage.name}-table`,
    })
    new CfnOutput(this, 'BucketName', {
      value: this.blobs.bucket.bucketName,
      exportName: `chorus-${stage.name}-blobs`,
    })
    new CfnOutput(this, 'ModelKeySecretName', { value: secretNames(stage.name).modelKey })
  }
}
