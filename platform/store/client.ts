import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { answerDocumentsDirectly, attachEmbeddedStore } from './embedded/attach.ts'
import type { EmbeddedStore } from './embedded/engine.ts'

export interface DynamoClientOptions {
  /** Custom endpoint (moto, LocalStack); AWS's own when absent. */
  endpoint?: string
  region?: string
  /** Answer every command in process from this embedded engine (no HTTP, no signing). */
  embedded?: EmbeddedStore
}

/** Builds the DynamoDB clients; called only from composition roots (`runtime/`). */
export const makeDynamoClients = (options: DynamoClientOptions = {}) => {
  const endpoint = options.embedded ? 'http://embedded.invalid' : options.endpoint
  const client = new DynamoDBClient({
    region: options.region ?? 'us-east-1',
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  })
  if (options.embedded) attachEmbeddedStore(client, options.embedded)
  const documents = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  })
  const documentClient = options.embedded
    ? answerDocumentsDirectly(documents, client, options.embedded)
    : documents
  return { client, documentClient }
}
