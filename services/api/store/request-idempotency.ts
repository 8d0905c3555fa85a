import { gunzipSync, gzipSync } from 'node:zlib'
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from 'dynamodb-toolbox'
import { makeIdempotentRequestEntity } from '#platform/store/entities/idempotent-request.ts'
import {
  claimantOf,
  type LeaseHolder,
  leaseOf,
  makeLeaseHolder,
  mayTakeLease,
} from '#platform/store/lease.ts'
import { type ChorusTable, isConditionalFailure } from '#platform/store/table.ts'

/** A stored HTTP answer. */
export interface StoredResponse {
  statusCode: number
  headers: Record<string, string>
  body: string
}

export type BeginResult =
  | { kind: 'started' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'inProgress' }
  | { kind: 'mismatch' }

/** First results of requests sent with an `Idempotency-Key`, per tenant and key, kept for a day. */
export interface RequestIdempotency {
  /** Claims the key for this request, or says why not: its first answer, still running, or another request. */
  begin(tenantId: string, key: string, requestHash: string): Promise<BeginResult>
  /** Stores the answer; false when it is too large to keep (the key is released). */
  complete(tenantId: string, key: string, response: StoredResponse): Promise<boolean>
  /** Releases the key after a failed attempt, so a retry runs again. */
  abandon(tenantId: string, key: string): Promise<void>
}

export interface RequestIdempotencyOptions {
  /** Who takes the leases (the process); a lease of an earlier incarnation is taken over at once. */
  holder?: LeaseHolder
  /** How long a first attempt holds the key before a retry may take over. */
  leaseMs?: number
  retentionSeconds?: number
  clock?: () => number
}

/** DynamoDB items are capped at 400 KB; keep a margin for the other attributes. */
const MAX_STORED_BYTES = 350 * 1024

export const makeRequestIdempotency = (
  table: ChorusTable,
  {
    leaseMs = 60_000,
    retentionSeconds = 24 * 3600,
    clock = Date.now,
    holder = makeLeaseHolder(),
  }: RequestIdempotencyOptions = {},
): RequestIdempotency => {
  const records = makeIdempotentRequestEntity(table)
  const key = (tenantId: string, requestKey: string) => ({ tenantId, requestKey })

  return {
    begin: async (tenantId, requestKey, requestHash) => {
      const now = clock()
      try {
        await records
          .build(PutItemCommand)
          .item({
            ...key(tenantId, requestKey),
            requestHash,
            status: 'processing',
            ...leaseOf(claimantOf(holder), now, leaseMs),
            expiresAt: Math.floor(now / 1000) + retentionSeconds,
          })
          .options({
            condition: {
              or: [
                { attr: 'requestKey', exists: false },
                // Expired (TTL deletes lazily, dynalite never) or abandoned by a crashed first attempt.
                { attr: 'expiresAt', lt: Math.floor(now / 1000) },
                { and: [{ attr: 'status', eq: 'processing' }, mayTakeLease(claimantOf(holder), now)] },
              ],
            },
          })
          .send()
        return { kind: 'started' }
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
      }
      const { Item } = await records
        .build(GetItemCommand)
        .key(key(tenantId, requestKey))
        .options({ consistent: true })
        .send()
      if (!Item) return { kind: 'inProgress' } // released between our two calls: the client may retry
      if (Item.requestHash !== requestHash) return { kind: 'mismatch' }
      if (Item.status === 'done' && Item.response) return { kind: 'replay', response: decode(Item.response) }
      return { kind: 'inProgress' }
    },
    complete: async (tenantId, requestKey, response) => {
      const encoded = gzipSync(JSON.stringify(response)).toString('base64')
      if (encoded.length > MAX_STORED_BYTES) {
        await records.build(DeleteItemCommand).key(key(tenantId, requestKey)).send()
        return false
      }
      await records
        .build(UpdateItemCommand)
        .item({ ...key(tenantId, requestKey), status: 'done', response: encoded })
        .send()
      return true
    },
    abandon: async (tenantId, requestKey) => {
      await records
        .build(DeleteItemCommand)
        .key(key(tenantId, requestKey))
        .options({ condition: { attr: 'status', eq: 'processing' } })
        .send()
        .catch((error: unknown) => {
          if (!isConditionalFailure(error)) throw error
        })
    },
  }
}

const decode = (encoded: string): StoredResponse =>
  JSON.parse(gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8')) as StoredResponse
