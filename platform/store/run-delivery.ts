import { $remove, $set, executeTransactWrite, isTransactionCancelled } from 'dynamodb-toolbox'
import type { Failure, StepInput, StepOutput } from '#events'
import { makeRunEntity } from './entities/run.ts'
import { makeStepEntity } from './entities/step.ts'
import type { TransactItem } from './event-log.ts'
import { holdsLease, type LeaseHolder, leaseOf, mayTakeLease } from './lease.ts'
import { decodeItem, rawGet } from './raw-read.ts'
import { rawConditionCheck, rawPutTransaction, rawUpdateItem, rawUpdateTransaction } from './raw-write.ts'
import { type RunRecord, type StepRecord, toRunRecord, toStepRecord } from './run-record.ts'
import { RunItem, StepItem } from './stored-items.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

type RunKey = { tenantId: string; runId: string }
/** The lease attributes a release removes. */
const LEASE = ['leaseOwner', 'leaseUntil', 'leaseIncarnation'] as const
type StepKey = RunKey & { stepId: string }

/** How a worker's claim on a step came out. */
export type StepClaim =
  | { kind: 'claimed'; step: StepRecord }
  /** The step is finished (or aborted) already: its stored outcome stands. */
  | { kind: 'finished'; step: StepRecord }
  /** Another live delivery runs it (contention). */
  | { kind: 'held' }
  | { kind: 'missing' }

/** How a step ended: its output, or the error it failed with, or why it was aborted. */
export type StepOutcome =
  | { status: 'completed'; output: StepOutput }
  | { status: 'failed' | 'aborted'; error: Failure }

/** A run as its lease holder finds it: the record, and the events a crashed holder left unrouted. */
export interface TakenRun {
  run: RunRecord
  unrouted: string[]
  /** Which commit last changed the run's checkpoints (see `fenceWrite`). */
  checkpointVersion: string | undefined
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
   * to route (they reached their consumers). `alongside` is stored with the release, in one transaction
   * (the delivery's done record), and only if the release applies.
   */
  endLease(
    key: RunKey,
    holder: LeaseHolder,
    options: { routed: boolean; alongside?: readonly TransactItem[] },
  ): Promise<void>
  /**
   * The write that fences a delivery's transaction: it applies only while `holder` holds the lease,
   * and notes the events the transaction appends until the release says they were routed.
   */
  fenceWrite(
    key: RunKey,
    holder: LeaseHolder,
    eventIds: readonly string[],
    checkpointVersion?: string,
  ): TransactItem
  /**
   * Claims a queued step for one worker delivery (a lease on the step item, taken with one write that
   * returns the step): the claim keeps a duplicate delivery from running the step beside it.
   */
  claimStep(key: StepKey, holder: LeaseHolder, ttlMs: number): Promise<StepClaim>
  /** Gives a claim back (a delivery that failed and will be retried). */
  releaseStep(key: StepKey, holder: LeaseHolder): Promise<void>
  /** The write that finishes a queued step (as `finishStep`), for the transaction that reports it. */
  finishStepWrite(key: StepKey, outcome: StepOutcome & { resultEventId: string }): TransactItem
  /** A check that the run goes on (neither ended nor asked to stop), for a transaction that needs it. */
  runGoesOnCheck(key: RunKey): TransactItem
  /** The write that records a step as queued and dispatched (once: it fails when the step exists). */
  queueStepWrite(
    key: RunKey,
    step: { stepId: string; team: string; inputs: StepInput[]; taskEventId: string },
  ): TransactItem
}

export const makeRunDelivery = (table: ChorusTable, clock: () => Date = () => new Date()): RunDelivery => {
  const runs = makeRunEntity(table)
  const steps = makeStepEntity(table)

  // Every operation below is built as stored, without toolbox's parser and formatter (raw-write.ts,
  // raw-read.ts): they run on every step. What is read back is validated (stored-items.ts).
  return {
    takeLease: async ({ tenantId, runId }, holder, ttlMs) => {
      const nowMs = clock().getTime()
      try {
        const Attributes = await rawUpdateItem(
          runs,
          { tenantId, runId },
          { set: leaseOf(holder, nowMs, ttlMs) },
          {
            condition: { and: [{ attr: 'runId', exists: true }, mayTakeLease(holder, nowMs)] },
            returnAllNew: true,
          },
        )
        if (!Attributes) return undefined
        const item = decodeItem(runs, RunItem, Attributes)
        return {
          run: toRunRecord(item),
          unrouted: item.unrouted ?? [],
          checkpointVersion: item.checkpointVersion,
        }
      } catch (error) {
        if (isConditionalFailure(error)) return undefined
        throw error
      }
    },

    endLease: async ({ tenantId, runId }, holder, { routed, alongside = [] }) => {
      const release = { set: {}, remove: [...LEASE, ...(routed ? ['unrouted'] : [])] }
      try {
        if (alongside.length === 0)
          await rawUpdateItem(runs, { tenantId, runId }, release, { condition: holdsLease(holder) })
        else
          await executeTransactWrite(
            rawUpdateTransaction(runs, { tenantId, runId }, release, holdsLease(holder)),
            ...alongside,
          )
      } catch (error) {
        // Another holder took the run over: the lease is not this delivery's to give back.
        if (!isConditionalFailure(error) && !isTransactionCancelled(error)) throw error
      }
    },

    fenceWrite: ({ tenantId, runId }, holder, eventIds, checkpointVersion) =>
      rawUpdateTransaction(
        runs,
        { tenantId, runId },
        {
          set: {
            updatedAt: clock().toISOString(),
            // The list is replaced whole.
            ...(eventIds.length > 0 ? { unrouted: [...eventIds] } : {}),
            ...(checkpointVersion ? { checkpointVersion } : {}),
          },
        },
        holdsLease(holder),
      ),

    claimStep: async ({ tenantId, runId, stepId }, holder, ttlMs) => {
      const nowMs = clock().getTime()
      try {
        const Attributes = await rawUpdateItem(
          steps,
          { tenantId, runId, stepId },
          { set: leaseOf(holder, nowMs, ttlMs) },
          {
            condition: { and: [{ attr: 'status', eq: 'queued' }, mayTakeLease(holder, nowMs)] },
            returnAllNew: true,
          },
        )
        if (Attributes)
          return { kind: 'claimed', step: toStepRecord(decodeItem(steps, StepItem, Attributes)) }
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
      }
      const Item = await rawGet(steps, { tenantId, runId, stepId }, StepItem)
      if (!Item) return { kind: 'missing' }
      return Item.status === 'queued' ? { kind: 'held' } : { kind: 'finished', step: toStepRecord(Item) }
    },

    releaseStep: async ({ tenantId, runId, stepId }, holder) => {
      try {
        await rawUpdateItem(
          steps,
          { tenantId, runId, stepId },
          { set: {}, remove: LEASE },
          { condition: holdsLease(holder) },
        )
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
      }
    },

    finishStepWrite: ({ tenantId, runId, stepId }, outcome) =>
      rawUpdateTransaction(
        steps,
        { tenantId, runId, stepId },
        {
          set: {
            status: outcome.status,
            resultEventId: outcome.resultEventId,
            finishedAt: clock().toISOString(),
            // The map is replaced whole.
            ...(outcome.status === 'completed'
              ? { outputJson: JSON.stringify(outcome.output) }
              : {
                  error: {
                    code: outcome.error.code,
                    message: outcome.error.message,
                    retryable: outcome.error.retryable,
                  },
                }),
          },
          // As `finishedStep`: a finished step is nobody's to run.
          remove: LEASE,
        },
        { attr: 'status', eq: 'queued' },
      ),

    runGoesOnCheck: ({ tenantId, runId }) =>
      rawConditionCheck(
        runs,
        { tenantId, runId },
        {
          and: [
            { attr: 'status', in: ['requested', 'running', 'awaiting_approval'] },
            { attr: 'cancelEventId', exists: false },
          ],
        },
      ),

    queueStepWrite: ({ tenantId, runId }, { stepId, team, inputs, taskEventId }) =>
      rawPutTransaction(
        steps,
        {
          tenantId,
          runId,
          stepId,
          team,
          status: 'queued',
          inputJson: JSON.stringify(inputs),
          taskEventId,
          dispatched: true,
          queuedAt: clock().toISOString(),
        },
        { attr: 'stepId', exists: false },
      ),
  }
}

/** A step's finishing attributes: its outcome and the id of the event that reports it. */
export const finishedStep = (
  { tenantId, runId, stepId }: StepKey,
  outcome: StepOutcome & { resultEventId: string },
  finishedAt: string,
) => ({
  tenantId,
  runId,
  stepId,
  status: outcome.status,
  resultEventId: outcome.resultEventId,
  finishedAt,
  // A finished step is nobody's to run: its claim goes (a step queued again is claimed afresh).
  leaseOwner: $remove(),
  leaseUntil: $remove(),
  leaseIncarnation: $remove(),
  // A map is replaced whole; a plain object would be merged path by path into a missing map.
  ...(outcome.status === 'completed'
    ? { outputJson: JSON.stringify(outcome.output) }
    : { error: $set(outcome.error) }),
})
