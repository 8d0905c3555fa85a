import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

export interface DynamoClientOptions {
  /** Custom endpoint (embedded dynalite, moto, LocalStack); AWS's own when absent. */
  endpoint?: string
  region?: string
}

/** Builds the DynamoDB clients; called only from composition roots (`runtime/`). */
export const makeDynamoClients = (options: DynamoClientOptions = {}) => {
  const client = new DynamoDBClient({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  })
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  })
  return { client, documentClient }
}
