import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { S3Client } from '@aws-sdk/client-s3'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SQSClient } from '@aws-sdk/client-sqs'
import { makeDynamoClients } from '#platform/store/index.ts'
import type { AwsServiceName } from './config.ts'
import { makeKmsClient } from './kms-client.ts'

/** Fake credentials for emulators (moto and LocalStack accept any); AWS's own chain otherwise. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' }

const optionsFor = (region: string, endpoint: string | undefined) => ({
  region,
  ...(endpoint ? { endpoint, credentials: EMULATOR_CREDENTIALS } : {}),
})

/** Every AWS SDK client Chorus uses, built once per process by the composition root. */
export const makeAwsClients = (
  region: string,
  endpoints: Partial<Record<AwsServiceName, string | undefined>>,
) => {
  const dynamo = makeDynamoClients({
    region,
    ...(endpoints.dynamodb ? { endpoint: endpoints.dynamodb } : {}),
  })
  const clients = {
    dynamo,
    eventBridge: new EventBridgeClient(optionsFor(region, endpoints.eventbridge)),
    sqs: new SQSClient(optionsFor(region, endpoints.sqs)),
    // Emulators serve buckets by path, not by virtual host.
    s3: new S3Client({ ...optionsFor(region, endpoints.s3), forcePathStyle: Boolean(endpoints.s3) }),
    secrets: new SecretsManagerClient(optionsFor(region, endpoints.secretsmanager)),
  }
  // KMS signs and serves the anchor key (ADR 0026), with the same credential chain as the others.
  const kms = makeKmsClient({
    region,
    ...(endpoints.kms ? { endpoint: endpoints.kms } : {}),
    credentials: clients.s3.config.credentials,
  })
  return {
    ...clients,
    kms,
    destroy: () => {
      dynamo.client.destroy()
      for (const client of [clients.eventBridge, clients.sqs, clients.s3, clients.secrets]) client.destroy()
    },
  }
}

export type AwsClients = ReturnType<typeof makeAwsClients>
