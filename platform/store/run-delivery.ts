import { $remove, $set, PutTransaction, UpdateItemCommand, UpdateTransaction } from 'dynamodb-toolbox'
import type { StepInput } from '#events'
import { makeRunEntity } from './entities/run.ts'
import { makeStepEntity } from './entities/step.ts'
import type { TransactItem } from './event-log.ts'
import { holdsLease, type LeaseHolder, leaseOf, mayTakeLease } from './lease.ts'
import { type RunRecord, toRunRecord } from './run-record.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

type RunKey = { tenantId: string; runId: string }

/** A run as its lease holder finds it: the record, and the events a crashed holder left unrouted. */
export interface TakenRun {
  run: RunRecord
  unrouted: string[]
}

/**
 * How one delivery changes a run under its lease in a single transaction (ADR 0030): the lease is
 * taken with one write that also reads the run, the delivery's writes (checkpoint, steps, events)
 * commit together, fenced by the lease, and the release afterwards says that its events were routed.
 */
export interface RunDelivery {
  /**
   * Takes the run's lease for `holder` (as `acquireLease`) and returns the run as it stands;
   * undefined while another live holder has it, or when the run does not exist.
   */
  takeLease(key: RunKey, holder: LeaseHolder, ttlMs: number): Promise<TakenRun | undefined>
  /**
   * Gives the lease back if `holder` still holds it; `routed` also clears the events its commit left
   * to route (they reached their consumers).
   */
  endLease(key: RunKey, holder: LeaseHolder, options: { routed: boolean }): Promise<void>
  /**
   * The write that fences a delivery's transaction: it applies only while `holder` holds the lease,
   * and notes the events the transaction appends until the release says they were routed.
   */
  fenceWrite(key: RunKey, holder: LeaseHolder, eventIds: readonly string[]): TransactItem
  /** The write that records a step as queued and dispatched (once: it fails when the step exists). */
  queueStepWrite(
    key: RunKey,
    step: { stepId: string; team: string; inputs: StepInput[]; taskEventId: string },
  ): TransactItem
}

export const makeRunDelivery = (table: ChorusTable, clock: () => Date = () => new Date()): RunDelivery => {
  const runs = makeRunEntity(table)
  const steps = makeStepEntity(table)

  return {
    takeLease: async ({ tenantId, runId }, holder, ttlMs) => {
      const nowMs = clock().getTime()
      try {
        const { Attributes } = await runs
          .build(UpdateItemCommand)
          .item({ tenantId, runId, ...leaseOf(holder, nowMs, ttlMs) })
          .options({
            condition: { and: [{ attr: 'runId', exists: true }, mayTakeLease(holder, nowMs)] },
            returnValues: 'ALL_NEW',
          })
          .send()
        if (!Attributes) return undefined
        return { run: toRunRecord(Attributes), unrouted: Attributes.unrouted ?? [] }
      } catch (error) {
        if (isConditionalFailure(error)) return undefined
        throw error
      }
    },

    endLease: async ({ tenantId, runId }, holder, { routed }) => {
      try {
        await runs
          .build(UpdateItemCommand)
          .item({
            tenantId,
            runId,
            leaseOwner: $remove(),
            leaseUntil: $remove(),
            leaseIncarnation: $remove(),
            ...(routed ? { unrouted: $remove() } : {}),
          })
          .options({ condition: holdsLease(holder) })
          .send()
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
      }
    },

    fenceWrite: ({ tenantId, runId }, holder, eventIds) =>
      runs
        .build(UpdateTransaction)
        .item({
          tenantId,
          runId,
          updatedAt: clock().toISOString(),
          // A list is replaced whole; a plain array would be written element by element into a missing list.
          ...(eventIds.length > 0 ? { unrouted: $set([...eventIds]) } : {}),
        })
        .options({ condition: holdsLease(holder) }),

    queueStepWrite: ({ tenantId, runId }, { stepId, team, inputs, taskEventId }) =>
      steps
        .build(PutTransaction)
        .item({
          tenantId,
          runId,
          stepId,
          team,
          status: 'queued',
          inputJson: JSON.stringify(inputs),
          taskEventId,
          dispatched: true,
          queuedAt: clock().toISOString(),
        })
        .options({ condition: { attr: 'stepId', exists: false } }),
  }
}
