import type { BaseCheckpointSaver } from '@langchain/langgraph'
import { type Draft, type Envelope, newId } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import { type CommittedCheckpoint, DeliverySaver } from '#platform/checkpoint/index.ts'
import { ChorusError, isChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import {
  claimantOf,
  type LeaseHolder,
  leaseHeld,
  type RunRecord,
  type RunStore,
  type TransactItem,
} from '#platform/store/index.ts'

/**
 * One delivery of an event to the supervisor, under its run's lease (ADR 0005, ADR 0030). Its
 * checkpoint writes are held by `saver` and stored with the events the delivery publishes and the
 * step records it writes, in one transaction fenced by the lease: a delivery changes all of it or
 * nothing.
 */
export interface Delivery {
  /** The run as the lease found it. */
  run: RunRecord
  /** The checkpointer this delivery's graph runs on. */
  saver: DeliverySaver
  /**
   * True when an earlier delivery may have stopped between its commit and the routing of its events:
   * this one must dispatch every waiting step again (each with its stored event id), not only new ones.
   * A handler sets it when it needs that careful path for its own reasons (a resumed run).
   */
  reconcile: boolean
  /** Renews the lease once a third of it has gone; throws once another delivery took the run over. */
  check(): Promise<void>
  /**
   * Stores the held checkpoint writes, `alongside` and the drafts' events in one transaction, then
   * routes the events. Without drafts it stores the writes only.
   */
  commit(drafts: readonly Draft[], alongside?: readonly TransactItem[]): Promise<Envelope[]>
}

export interface DeliveryDeps {
  bus: Bus
  runs: RunStore
  checkpointer: BaseCheckpointSaver<string | number>
  logger: Logger
  leaseMs: number
  holder: LeaseHolder
}

/**
 * `exclusively(event, work)`: runs `work` as the only delivery advancing the event's run. A second
 * delivery for the same run gets `lease.held` (contention) and comes back later, so two completions
 * never resume the graph from the same state. Held writes `work` left uncommitted are committed at
 * its end.
 */
export const makeExclusive = ({ bus, runs, checkpointer, logger, leaseMs, holder }: DeliveryDeps) => {
  /**
   * The latest checkpoint of each run as this process committed it, under the version its commit
   * stored on the run: when the run still names that version, nobody changed the thread since, and
   * the next delivery starts from memory instead of reading the checkpoint back.
   */
  const threads = new Map<string, { version: string; checkpoint: CommittedCheckpoint }>()
  const keep = (run: string, version: string, checkpoint: CommittedCheckpoint | undefined) => {
    threads.delete(run)
    if (!checkpoint) return
    if (threads.size >= THREAD_CACHE_SIZE) threads.delete(threads.keys().next().value as string)
    threads.set(run, { version, checkpoint })
  }

  return async (
    event: Envelope,
    work: (delivery: Delivery) => Promise<void>,
    done?: TransactItem,
  ): Promise<void> => {
    const owner = claimantOf(holder)
    const key = { tenantId: event.meta.tenantId, runId: event.meta.runId }
    const taken = await runs.takeLease(key, owner, leaseMs)
    if (!taken) {
      // The lease needs the run: an event for a run nobody created is dropped with a record, not retried.
      if (!(await runs.getRun(key.tenantId, key.runId))) {
        const { eventId, name } = event.meta
        logger.warn('event for an unknown run dropped', {
          runId: key.runId,
          eventId,
          event: name,
          reason: 'run.notFound',
        })
        return
      }
      throw leaseHeld(`run ${key.runId}`)
    }
    // The owner id is the fencing token: every commit is conditional on it. Within the first third of
    // the lease nobody can have taken it (clocks would have to disagree by two thirds of it), so the
    // check renews only after that: one write less for a quick delivery.
    const acquiredAt = Date.now()
    const takenOver = () =>
      new ChorusError('lease.held', `run ${key.runId} was taken over while this delivery worked`, {
        retryable: true,
      })
    const run = `${key.tenantId}#${key.runId}`
    const known = threads.get(run)
    const fresh = known && known.version === taken.checkpointVersion && taken.unrouted.length === 0
    const saver = new DeliverySaver(checkpointer, fresh ? known.checkpoint : undefined)
    // Whether every event this delivery committed reached its consumers (the release then says so).
    let routed = true
    const delivery: Delivery = {
      run: taken.run,
      saver,
      reconcile: taken.unrouted.length > 0,
      check: async () => {
        if (Date.now() - acquiredAt < leaseMs / 3) return
        if (!(await runs.renewLease(key, owner, leaseMs))) throw takenOver()
      },
      commit: async (drafts, alongside = []) => {
        const ids = drafts.map((d) => d.meta.eventId)
        routed = false
        // A commit that changes the thread stores a new version of it on the run (see `threads`).
        const version = saver.pending ? newId() : undefined
        const held = await saver.commitItems()
        if (!held) await writeThrough()
        let published: Envelope[]
        try {
          const checkpoint = held ?? []
          published = await bus.publish(drafts, {
            alongside: [...checkpoint, ...alongside, runs.fenceWrite(key, owner, ids, version)],
          })
        } catch (error) {
          if (fenceFailed(error)) throw takenOver()
          if (!checkpointOnly(error, drafts.length, held?.length ?? 0)) throw error
          // Only the checkpoint's conditions failed (a head an older writer left behind): write it the
          // careful way, which takes over a dead claim or reports the conflict, then the rest.
          await writeThrough()
          published = await bus.publish(drafts, {
            alongside: [...alongside, runs.fenceWrite(key, owner, ids, version)],
          })
        }
        saver.committed()
        if (version) keep(run, version, await saver.latestCommitted())
        routed = true
        return published
      },
    }
    /**
     * Stores the held checkpoint writes one by one, outside the transaction. A crash after it would
     * leave a checkpoint without its dispatches, so the run is first marked for the next delivery to
     * dispatch every waiting step again.
     */
    const writeThrough = async () => {
      threads.delete(run)
      await bus.publish([], { alongside: [runs.fenceWrite(key, owner, [RECONCILE], newId())] })
      await saver.writeThrough()
    }
    if (delivery.reconcile)
      logger.warn('an earlier delivery stopped before routing its events: dispatching again', {
        runId: key.runId,
        events: taken.unrouted,
      })
    let succeeded = false
    try {
      await work(delivery)
      if (saver.pending) await delivery.commit([])
      succeeded = true
    } finally {
      // The event is done once the delivery succeeded: its record goes with the release.
      const alongside = succeeded && done ? [done] : []
      await runs.endLease(key, owner, { routed, alongside })
    }
  }
}

/** Runs whose latest checkpoint one supervisor keeps in memory. */
const THREAD_CACHE_SIZE = 1000

/** The mark of a run whose next delivery must dispatch every waiting step again. */
const RECONCILE = '*'

/** True when a commit failed on its last write, the fence: another delivery holds the run's lease now. */
const fenceFailed = (error: unknown): boolean => {
  if (!isChorusError(error) || error.code !== 'store.conflict') return false
  const reasons = error.details?.reasons
  return Array.isArray(reasons) && reasons.at(-1) === 'ConditionalCheckFailed'
}

/** True when a failed commit failed on the checkpoint's writes only (their reasons come after the events'). */
const checkpointOnly = (error: unknown, drafts: number, held: number): boolean => {
  if (!isChorusError(error) || error.code !== 'store.conflict' || held === 0) return false
  const reasons = error.details?.reasons
  if (!Array.isArray(reasons)) return false
  return reasons.every(
    (code, i) => code !== 'ConditionalCheckFailed' || (i >= 2 * drafts && i < 2 * drafts + held),
  )
}
