import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { BlobStore } from '#platform/blobs/index.ts'
import { storedBytes } from './item-size.ts'

/** Traffic so far. `writeBytes` are request bodies as sent (JSON; binary attributes in base64). */
export interface Totals {
  writeRequests: number
  /** Items written: one per Put/Update/Delete, one per entry of a BatchWrite. */
  writeItems: number
  writeBytes: number
  /** DynamoDB item size of what the writes store (the billing and storage measure). */
  storedBytes: number
  readRequests: number
  blobPuts: number
  blobBytes: number
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand'])
const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand'])

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

const countBatchItems = (body: string): number => {
  const parsed = JSON.parse(body) as { RequestItems?: Record<string, unknown[]> }
  return Object.values(parsed.RequestItems ?? {}).reduce((sum, requests) => sum + requests.length, 0)
}

/** The serialized HTTP body (the SDK hands over a string or a byte array, depending on the protocol). */
const bodyBytes = (body: unknown): Uint8Array => {
  if (body instanceof Uint8Array) return body
  if (typeof body === 'string') return new TextEncoder().encode(body)
  throw new Error(`cannot measure a request body of type ${typeof body}`)
}

/**
 * Counts every DynamoDB request the client sends (the document client shares its middleware stack),
 * measured on the serialized HTTP body, and every blob-store write through the returned wrapper.
 */
export const startMeter = (client: DynamoDBClient) => {
  const totals = zero()
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const body = bodyBytes((args.request as { body?: unknown }).body)
      if (WRITES.has(context.commandName ?? '')) {
        const text = new TextDecoder().decode(body)
        totals.writeRequests += 1
        totals.writeBytes += body.byteLength
        totals.storedBytes += storedBytes(context.commandName ?? '', text)
        totals.writeItems += context.commandName === 'BatchWriteItemCommand' ? countBatchItems(text) : 1
      } else if (READS.has(context.commandName ?? '')) totals.readRequests += 1
      return next(args)
    },
    { step: 'finalizeRequest', name: 'chorusBenchMeter' },
  )
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
