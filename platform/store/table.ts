import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { Table } from 'dynamodb-toolbox'

/** The single table: PK/SK plus two overloaded GSIs (DESIGN §4). */
export const makeTable = (documentClient: DynamoDBDocumentClient, name: string) =>
  new Table({
    documentClient,
    name,
    partitionKey: { name: 'PK', type: 'string' },
    sortKey: { name: 'SK', type: 'string' },
    indexes: {
      GSI1: {
        type: 'global',
        partitionKey: { name: 'GSI1PK', type: 'string' },
        sortKey: { name: 'GSI1SK', type: 'string' },
      },
      GSI2: {
        type: 'global',
        partitionKey: { name: 'GSI2PK', type: 'string' },
        sortKey: { name: 'GSI2SK', type: 'string' },
      },
    },
  })

export type ChorusTable = ReturnType<typeof makeTable>

const gsiDefinition = (name: 'GSI1' | 'GSI2') => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: `${name}PK`, KeyType: 'HASH' as const },
    { AttributeName: `${name}SK`, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
})

/** The TTL attribute (epoch seconds), as the CDK stack sets it (`infra/constructs/chorus-table.ts`). */
export const TTL_ATTRIBUTE = 'expiresAt'

/** Turns TTL on where it is off (the embedded engine then deletes expired items in its sweep). */
const ensureTtl = async (client: DynamoDBClient, name: string) => {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: name }))
  if (
    TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' ||
    TimeToLiveDescription?.TimeToLiveStatus === 'ENABLING'
  )
    return
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  )
}

/**
 * Creates the table when it does not exist yet, with TTL on `expiresAt` (embedded and emulator runs;
 * AWS uses the CDK stack).
 */
export const ensureTable = async (client: DynamoDBClient, name: string): Promise<'created' | 'existed'> => {
  const outcome = await createTable(client, name)
  await ensureTtl(client, name)
  return outcome
}

const createTable = async (client: DynamoDBClient, name: string): Promise<'created' | 'existed'> => {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'].map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S' as const,
        })),
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [gsiDefinition('GSI1'), gsiDefinition('GSI2')],
      }),
    )
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error
    await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: name })
    return 'existed'
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: name })
  return 'created'
}

/** True when a conditional write lost (the item was not in the expected state). */
export const isConditionalFailure = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { name?: string }).name === 'ConditionalCheckFailedException'

/**
 * A transaction cancelled because it met another transaction on one of its items (DynamoDB's
 * `TransactionConflict` reason): nothing was written, and trying again helps.
 */
export const isTransactionConflict = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { name?: string }).name === 'TransactionCanceledException' &&
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
    (reason) => reason.Code === 'TransactionConflict',
  )
