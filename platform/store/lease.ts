import { randomUUID } from 'node:crypto'
import { number, string } from 'dynamodb-toolbox'
import { ChorusError } from '../errors/index.ts'

/**
 * Who takes leases: one owner id per process, and the process's incarnation. On the embedded
 * runtime only one process holds a data directory at a time, and each start has a higher
 * incarnation, so a lease of a lower incarnation belongs to a process that is gone and may be
 * taken over at once. On AWS many processes run side by side: the incarnation is 0 and only
 * expiry frees a lease.
 */
export interface LeaseHolder {
  owner: string
  incarnation: number
}

/** A new holder of `incarnation`, with an owner id of its own. */
export const makeLeaseHolder = (incarnation = 0): LeaseHolder => ({
  owner: `${incarnation}.${randomUUID()}`,
  incarnation,
})

/** A holder for one acquire: same incarnation, an owner no other acquire shares (so it never re-enters). */
export const claimantOf = (holder: LeaseHolder): LeaseHolder => makeLeaseHolder(holder.incarnation)

/** The attributes of a lease, the same on every item that carries one. */
export const leaseAttributes = {
  leaseOwner: string().optional(),
  leaseUntil: number().optional(),
  leaseIncarnation: number().optional(),
}

/** What an acquire writes: `holder` holds the lease until `now + ttlMs`. */
export const leaseOf = (holder: LeaseHolder, now: number, ttlMs: number) => ({
  leaseOwner: holder.owner,
  leaseUntil: now + ttlMs,
  leaseIncarnation: holder.incarnation,
})

/**
 * The condition under which `holder` may take a lease: nobody holds it, it holds it already,
 * it has expired, or its holder was an earlier incarnation (a process that is gone).
 */
export const mayTakeLease = (holder: LeaseHolder, now: number) => ({
  or: [
    { attr: 'leaseUntil' as const, exists: false },
    { attr: 'leaseOwner' as const, eq: holder.owner },
    { attr: 'leaseUntil' as const, lt: now },
    { attr: 'leaseIncarnation' as const, lt: holder.incarnation },
  ],
})

/** The condition under which `holder` still holds a lease (to renew or release it, or to write under it). */
export const holdsLease = (holder: LeaseHolder) => ({ attr: 'leaseOwner' as const, eq: holder.owner })

/**
 * Contention, not failure: another live holder has the lease. Retryable, and a queue retries it
 * outside its poison budget (see `LocalQueue`), since the other holder finishes or its lease ends.
 */
export const leaseHeld = (what: string) =>
  new ChorusError('lease.held', `${what} is held by another delivery`, { retryable: true })
