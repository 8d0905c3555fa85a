import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge'
import { CreateBucketCommand, PutObjectLockConfigurationCommand } from '@aws-sdk/client-s3'
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs'
import { z } from 'zod'
import { anchorRule } from '#events'
import { makeKmsCaller } from '../kms-client.ts'
import { motoEndpoint, type TestStack } from './emulator.ts'

const CreatedKey = z.object({ KeyMetadata: z.object({ Arn: z.string() }) })

/**
 * What the CDK `Audit` stack creates, on moto: an `ECC_NIST_P256` signing key, an anchor bucket with
 * Object Lock (GOVERNANCE, 1 day by default), and the anchoring queue fed by `anchorRule()` on the
 * test stack's bus. Returns the environment that points the AWS runtime at them.
 */
export const provisionAnchoring = async (test: TestStack) => {
  const { clients, stack } = test
  const prefix = stack.busName.replace(/-bus$/, '')
  const kms = makeKmsCaller({
    region: 'us-east-1',
    endpoint: motoEndpoint(),
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
  const key = CreatedKey.parse(
    await kms('CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'anchors' }),
  )
  const bucket = `${prefix}-anchors`
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }))
  await clients.s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: bucket,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
      },
    }),
  )
  const { QueueUrl: queueUrl } = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: `${prefix}-anchor` }),
  )
  if (!queueUrl) throw new Error('no anchoring queue URL')
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  )
  const rule = anchorRule()
  await clients.eventBridge.send(
    new PutRuleCommand({
      Name: `${prefix}-anchor`,
      EventBusName: stack.busName,
      EventPattern: JSON.stringify(rule.pattern),
    }),
  )
  await clients.eventBridge.send(
    new PutTargetsCommand({
      Rule: `${prefix}-anchor`,
      EventBusName: stack.busName,
      Targets: [{ Id: 'queue', Arn: Attributes?.QueueArn }],
    }),
  )
  return {
    bucket,
    keyId: key.KeyMetadata.Arn,
    queueUrl,
    kms,
    env: {
      CHORUS_ANCHOR_BUCKET_NAME: bucket,
      CHORUS_ANCHOR_KEY_ID: key.KeyMetadata.Arn,
      CHORUS_ANCHOR_LOCK_MODE: 'GOVERNANCE',
      CHORUS_ANCHOR_RETENTION_DAYS: '1',
    },
  }
}
