import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { observeRequests } from './embedded/attach.ts'

/** Storage requests by kind, as DynamoDB bills and throttles them. */
export interface RequestCounts {
  reads: number
  writes: number
  /** Requests by command name (`PutItemCommand`, `TransactWriteItemsCommand`, …). */
  byCommand: Record<string, number>
}

const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
])
const READ_COMMANDS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
])

/**
 * Counts every storage request a client makes, whichever engine answers it (the document client's
 * included: see `observeRequests`). A request is one round trip: a transaction or a batch
 * counts once, as it costs one request (its items are billed separately).
 */
export const countStoreRequests = (client: DynamoDBClient) => {
  const counts: RequestCounts = { reads: 0, writes: 0, byCommand: {} }
  observeRequests(client, (command) => {
    if (WRITE_COMMANDS.has(command)) counts.writes += 1
    else if (READ_COMMANDS.has(command)) counts.reads += 1
    counts.byCommand[command] = (counts.byCommand[command] ?? 0) + 1
  })
  return {
    read: (): RequestCounts => ({ ...counts, byCommand: { ...counts.byCommand } }),
  }
}

/** What happened between two readings. */
export const requestsBetween = (before: RequestCounts, after: RequestCounts): RequestCounts => ({
  reads: after.reads - before.reads,
  writes: after.writes - before.writes,
  byCommand: Object.fromEntries(
    Object.entries(after.byCommand)
      .map(([command, n]) => [command, n - (before.byCommand[command] ?? 0)] as const)
      .filter(([, n]) => n !== 0),
  ),
})
