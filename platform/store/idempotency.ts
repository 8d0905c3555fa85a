import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  PutTransaction,
  UpdateItemCommand,
} from 'dynamodb-toolbox'
import { makeDedupEntity } from './entities/dedup.ts'
import type { TransactItem } from './event-log.ts'
import { claimantOf, type LeaseHolder, leaseHeld, leaseOf, makeLeaseHolder, mayTakeLease } from './lease.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

export interface IdempotencyKey {
  tenantId: string
  consumer: string
  eventId: string
}

/** Runs a consumer's handler at most once per event id, even when deliveries race or repeat. */
export interface Idempotency {
  /**
   * Runs `work` unless this key is done already ('duplicate'). While another live delivery holds
   * the lease, throws `lease.held` (contention); when `work` throws, the lease is released for a retry.
   */
  once(key: IdempotencyKey, work: () => Promise<void>): Promise<'processed' | 'duplicate'>
  /** True once a delivery of this key has committed its side effects. */
  isDone(key: IdempotencyKey): Promise<boolean>
  /**
   * The write that records this key done, for a consumer that serialises its deliveries itself (the
   * supervisor's run lease) and stores the record with its own last write instead of around it.
   */
  doneWrite(key: IdempotencyKey): TransactItem
}

export interface IdempotencyOptions {
  /** Who takes the leases (the process); a lease of an earlier incarnation is taken over at once. */
  holder?: LeaseHolder
  leaseMs?: number
  retentionSeconds?: number
  clock?: () => number
}

export const makeIdempotency = (table: ChorusTable, options: IdempotencyOptions = {}): Idempotency => {
  const records = makeDedupEntity(table)
  const leaseMs = options.leaseMs ?? 60_000
  const retentionSeconds = options.retentionSeconds ?? 7 * 24 * 3600
  const clock = options.clock ?? Date.now
  const holder = options.holder ?? makeLeaseHolder()

  const acquire = async (key: IdempotencyKey): Promise<'acquired' | 'duplicate'> => {
    const now = clock()
    const claimant = claimantOf(holder)
    try {
      await records
        .build(PutItemCommand)
        .item({
          ...key,
          status: 'processing',
          ...leaseOf(claimant, now, leaseMs),
          expiresAt: Math.floor(now / 1000) + retentionSeconds,
        })
        .options({
          condition: {
            or: [
              { attr: 'eventId', exists: false },
              { and: [{ attr: 'status', eq: 'processing' }, mayTakeLease(claimant, now)] },
            ],
          },
        })
        .send()
      return 'acquired'
    } catch (error) {
      if (!isConditionalFailure(error)) throw error
    }
    // Either done, or in flight under a live lease: tell them apart with a second conditional write.
    try {
      await records
        .build(UpdateItemCommand)
        .item({ ...key, status: 'done' })
        .options({ condition: { attr: 'status', eq: 'done' } })
        .send()
      return 'duplicate'
    } catch (error) {
      if (!isConditionalFailure(error)) throw error
      throw leaseHeld(`event ${key.eventId} of ${key.consumer}`)
    }
  }

  return {
    doneWrite: (key) =>
      records
        .build(PutTransaction)
        .item({ ...key, status: 'done', expiresAt: Math.floor(clock() / 1000) + retentionSeconds }),
    isDone: async (key) => {
      const { Item } = await records.build(GetItemCommand).key(key).options({ consistent: true }).send()
      return Item?.status === 'done'
    },
    once: async (key, work) => {
      if ((await acquire(key)) === 'duplicate') return 'duplicate'
      try {
        await work()
      } catch (error) {
        await records.build(DeleteItemCommand).key(key).send()
        throw error
      }
      await records
        .build(UpdateItemCommand)
        .item({ ...key, status: 'done' })
        .send()
      return 'processed'
    },
  }
}
