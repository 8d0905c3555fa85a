import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { BlobStore } from '#platform/blobs/index.ts'
import { observeRequests } from '#platform/store/embedded/attach.ts'
import { storedBytes } from './item-size.ts'

/** Traffic so far. `writeBytes` are requests in DynamoDB's JSON protocol (binary attributes in base64). */
export interface Totals {
  writeRequests: number
  /** Items written: one per Put/Update/Delete, one per entry of a BatchWrite or a transaction. */
  writeItems: number
  writeBytes: number
  /** DynamoDB item size of what the writes store (the billing and storage measure). */
  storedBytes: number
  readRequests: number
  blobPuts: number
  blobBytes: number
}

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
])
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
])

const zero = (): Totals => ({
  writeRequests: 0,
  writeItems: 0,
  writeBytes: 0,
  storedBytes: 0,
  readRequests: 0,
  blobPuts: 0,
  blobBytes: 0,
})

/** Difference of two readings. */
export const minus = (a: Totals, b: Totals): Totals => ({
  writeRequests: a.writeRequests - b.writeRequests,
  writeItems: a.writeItems - b.writeItems,
  writeBytes: a.writeBytes - b.writeBytes,
  storedBytes: a.storedBytes - b.storedBytes,
  readRequests: a.readRequests - b.readRequests,
  blobPuts: a.blobPuts - b.blobPuts,
  blobBytes: a.blobBytes - b.blobBytes,
})

const countItems = (command: string, body: string): number => {
  if (command === 'TransactWriteItemsCommand')
    return (JSON.parse(body) as { TransactItems?: unknown[] }).TransactItems?.length ?? 0
  if (command !== 'BatchWriteItemCommand') return 1
  const parsed = JSON.parse(body) as { RequestItems?: Record<string, unknown[]> }
  return Object.values(parsed.RequestItems ?? {}).reduce((sum, requests) => sum + requests.length, 0)
}

/** The request as DynamoDB's JSON protocol sends it (binary attributes in base64). */
const wireJson = (input: unknown): string =>
  JSON.stringify(input, (_, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
  )

/**
 * Counts every DynamoDB request the client sends, measured on the request in DynamoDB's JSON
 * protocol, and every blob-store write through the returned wrapper. It reads the marshalled input
 * (`observeRequests`: right before the embedded engine answers, else before endpoint resolution), so
 * it sees the requests the embedded engine answers in process as well as those sent over HTTP.
 */
export const startMeter = (client: DynamoDBClient) => {
  const totals = zero()
  observeRequests(client, (command, input) => {
    if (WRITES.has(command)) {
      const text = wireJson(input)
      totals.writeRequests += 1
      totals.writeBytes += Buffer.byteLength(text)
      totals.storedBytes += storedBytes(command, text)
      totals.writeItems += countItems(command, text)
    } else if (READS.has(command)) totals.readRequests += 1
  })
  return {
    read: (): Totals => ({ ...totals }),
    meterBlobs: (blobs: BlobStore): BlobStore => ({
      ...blobs,
      put: async (key, bytes) => {
        totals.blobPuts += 1
        totals.blobBytes += bytes.byteLength
        await blobs.put(key, bytes)
      },
    }),
  }
}

export type Meter = ReturnType<typeof startMeter>
