import { DeleteItemCommand } from 'dynamodb-toolbox'
import { makeDedupEntity } from './entities/dedup.ts'
import type { TransactItem } from './event-log.ts'
import { claimantOf, type LeaseHolder, leaseHeld, leaseOf, makeLeaseHolder, mayTakeLease } from './lease.ts'
import { rawGet } from './raw-read.ts'
import { rawPutItem, rawPutTransaction, rawUpdateItem } from './raw-write.ts'
import { DedupStatus } from './stored-items.ts'
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

/**
 * The key attributes alone: the writes and reads below are built as stored, without toolbox's parser
 * (raw-write.ts, raw-read.ts), which kept only the schema's attributes of whatever object it was given.
 */
const keyOf = ({ tenantId, consumer, eventId }: IdempotencyKey) => ({ tenantId, consumer, eventId })

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
      await rawPutItem(
        records,
        {
          tenantId: key.tenantId,
          consumer: key.consumer,
          eventId: key.eventId,
          status: 'processing',
          ...leaseOf(claimant, now, leaseMs),
          expiresAt: Math.floor(now / 1000) + retentionSeconds,
        },
        {
          or: [
            { attr: 'eventId', exists: false },
            { and: [{ attr: 'status', eq: 'processing' }, mayTakeLease(claimant, now)] },
          ],
        },
      )
      return 'acquired'
    } catch (error) {
      if (!isConditionalFailure(error)) throw error
    }
    // Either done, or in flight under a live lease: tell them apart with a second conditional write.
    try {
      await rawUpdateItem(
        records,
        keyOf(key),
        { set: { status: 'done' } },
        { condition: { attr: 'status', eq: 'done' } },
      )
      return 'duplicate'
    } catch (error) {
      if (!isConditionalFailure(error)) throw error
      throw leaseHeld(`event ${key.eventId} of ${key.consumer}`)
    }
  }

  return {
    doneWrite: (key) =>
      rawPutTransaction(records, {
        ...keyOf(key),
        status: 'done',
        expiresAt: Math.floor(clock() / 1000) + retentionSeconds,
      }),
    isDone: async (key) => (await rawGet(records, keyOf(key), DedupStatus))?.status === 'done',
    once: async (key, work) => {
      if ((await acquire(key)) === 'duplicate') return 'duplicate'
      try {
        await work()
      } catch (error) {
        await records.build(DeleteItemCommand).key(key).send()
        throw error
      }
      await rawUpdateItem(records, keyOf(key), { set: { status: 'done' } })
      return 'processed'
    },
  }
}
