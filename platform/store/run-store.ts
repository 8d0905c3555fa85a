import { $remove, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from 'dynamodb-toolbox'
import { z } from 'zod'
import {
  type ApprovalRequirement,
  type Draft,
  DraftMeta,
  type Failure,
  type ModelInfo,
  type Plan,
  type StepInput,
} from '#events'
import { makePlanEntity } from './entities/plan.ts'
import { makeRunEntity, type RunStatus } from './entities/run.ts'
import { makeStepEntity } from './entities/step.ts'
import { gsi, runPk, SK_PREFIX } from './keys.ts'
import { holdsLease, type LeaseHolder, leaseOf, mayTakeLease } from './lease.ts'
import { type PlanRecord, toPlanRecord } from './plan-record.ts'
import { rawGet, rawQueryLast } from './raw-read.ts'
import { rawUpdateItem } from './raw-write.ts'
import { finishedStep, makeRunDelivery, type RunDelivery, type StepOutcome } from './run-delivery.ts'
import { type RunRecord, type StepRecord, toRunRecord, toStepRecord } from './run-record.ts'
import { scanRuns } from './run-scan.ts'
import { makeRunContentsRead, type RunContents } from './run-view-read.ts'
import { PlanItem, RunItem, StepItem } from './stored-items.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

/** A stored start event: our own JSON, checked on the way back in. */
const StoredDraft = z.object({ meta: DraftMeta, data: z.unknown() })

/** Runs, their plans and their steps. Every state change is one conditional write. */
export type { PlanRecord } from './plan-record.ts'
export type { StepClaim, StepOutcome } from './run-delivery.ts'
export type { RunRecord, StepRecord } from './run-record.ts'
export type { RunContents } from './run-view-read.ts'

export interface RunStore extends RunDelivery {
  /** Creates a run in `requested`; false when it already exists. */
  /**
   * Creates the run in `requested`, with the event that starts it (an outbox: the run and its
   * RunRequested are stored in one write; `unstartedRuns` finds it again if the publish never happened).
   */
  createRun(run: {
    tenantId: string
    runId: string
    request: string
    chatId?: string
    startEvent?: Draft
    approval?: 'plan'
    /** Queue the run behind this run of its chat: the start event waits until that run ends (ADR 0029). */
    after?: string
  }): Promise<boolean>
  /** Names the queued run that starts when this run ends. */
  linkNext(key: { tenantId: string; runId: string }, nextRunId: string): Promise<void>
  /**
   * Releases a queued run's start event (moved to `startEvent`, so the start sweep covers a crash
   * before its publish) and returns it; undefined when it is not queued (released already, or ended).
   */
  releaseQueued(key: { tenantId: string; runId: string }): Promise<Draft | undefined>
  /** Runs still queued, across tenants: each with the run it waits for. */
  queuedRuns(): Promise<{ tenantId: string; runId: string; afterRunId: string }[]>
  /** Marks the run discarded (rolled back by a later message of its chat), once. */
  markDiscarded(key: { tenantId: string; runId: string }): Promise<void>
  /** The start events of runs still `requested` and created before `before` (ISO), across tenants. */
  unstartedRuns(before: string): Promise<Draft[]>
  getRun(tenantId: string, runId: string): Promise<RunRecord | undefined>
  /** Moves a run to `to` only from one of `from`; false when it was elsewhere. */
  transitionRun(
    key: { tenantId: string; runId: string },
    from: readonly RunStatus[],
    to: RunStatus,
    patch?: { output?: string; failure?: Failure; terminalEventId?: string },
  ): Promise<boolean>
  /**
   * Takes the run's single-writer lease for `holder` until `ttlMs` from now; false while another
   * live holder has it (unexpired, of this incarnation or a later one). Taking it again as the
   * same holder extends it.
   */
  acquireLease(key: { tenantId: string; runId: string }, holder: LeaseHolder, ttlMs: number): Promise<boolean>
  /**
   * Extends the lease while `holder` still holds it (its owner id is the fencing token: a takeover
   * changes it); false when another holder took it over, after which `holder` must write nothing more.
   */
  renewLease(key: { tenantId: string; runId: string }, holder: LeaseHolder, ttlMs: number): Promise<boolean>
  /** Gives the lease back, if `holder` still holds it. */
  releaseLease(key: { tenantId: string; runId: string }, holder: LeaseHolder): Promise<void>
  /**
   * Stores a revision of the plan (1, the planner's, unless given); false when that revision exists
   * already. Revision 2 is a plan edited when it was approved.
   */
  putPlan(
    key: { tenantId: string; runId: string },
    record: {
      plan: Plan
      model: ModelInfo
      eventId: string
      revision?: number
      approval?: ApprovalRequirement
    },
  ): Promise<boolean>
  /** The latest revision of the run's plan. */
  getPlan(tenantId: string, runId: string): Promise<PlanRecord | undefined>
  /**
   * Records a step as queued with the id its TaskQueued will carry, once. Returns the stored
   * record: the new one, or the one a previous attempt wrote (same event id, same inputs).
   */
  queueStep(
    key: { tenantId: string; runId: string },
    step: { stepId: string; team: string; inputs: StepInput[]; taskEventId: string },
  ): Promise<StepRecord>
  /** Notes that the step's TaskQueued was published. */
  markDispatched(key: { tenantId: string; runId: string; stepId: string }): Promise<void>
  /**
   * Finishes a queued step (or aborts it: `aborted` with the reason as `error`); false when it was
   * already finished or aborted. The first conditional write wins, so a step is never both.
   */
  finishStep(
    key: { tenantId: string; runId: string; stepId: string },
    outcome: StepOutcome & { resultEventId: string },
  ): Promise<boolean>
  getStep(key: { tenantId: string; runId: string; stepId: string }): Promise<StepRecord | undefined>
  listSteps(tenantId: string, runId: string): Promise<StepRecord[]>
  /** The run with its plan, steps, events and call records, in one read of its partition (the run view's). */
  getRunContents(tenantId: string, runId: string): Promise<RunContents | undefined>
}

const conditional = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write()
    return true
  } catch (error) {
    if (isConditionalFailure(error)) return false
    throw error
  }
}

export const makeRunStore = (table: ChorusTable, clock: () => Date = () => new Date()): RunStore => {
  const runs = makeRunEntity(table)
  const plans = makePlanEntity(table)
  const steps = makeStepEntity(table)
  const now = () => clock().toISOString()

  // The reads and the status change every run makes are sent as stored, without toolbox's parser
  // and formatter (raw-read.ts, raw-write.ts); what is read is validated (stored-items.ts).
  const getStep: RunStore['getStep'] = async ({ tenantId, runId, stepId }) => {
    const Item = await rawGet(steps, { tenantId, runId, stepId }, StepItem)
    return Item ? toStepRecord(Item) : undefined
  }

  return {
    ...makeRunDelivery(table, clock),
    createRun: ({ tenantId, runId, request, chatId, startEvent, approval, after }) => {
      const at = now()
      return conditional(() =>
        runs
          .build(PutItemCommand)
          .item({
            tenantId,
            runId,
            request,
            status: 'requested',
            createdAt: at,
            updatedAt: at,
            ...(chatId ? { chatId } : {}),
            ...(startEvent
              ? after
                ? { queuedStart: JSON.stringify(startEvent), afterRunId: after }
                : { startEvent: JSON.stringify(startEvent) }
              : {}),
            ...(approval ? { approval } : {}),
            ...gsi.runsByTime(tenantId, at, runId),
            ...gsi.runsByStatus(tenantId, 'requested', at, runId),
          })
          .options({ condition: { attr: 'runId', exists: false } })
          .send(),
      )
    },

    unstartedRuns: async (before) => {
      const found = await scanRuns(table, runs, [
        { attr: 'status', eq: 'requested' },
        { attr: 'startEvent', exists: true },
        { attr: 'createdAt', lt: before },
      ])
      return found.flatMap((item) =>
        item.startEvent ? [StoredDraft.parse(JSON.parse(item.startEvent)) as Draft] : [],
      )
    },

    linkNext: async ({ tenantId, runId }, nextRunId) => {
      await runs.build(UpdateItemCommand).item({ tenantId, runId, nextRunId }).send()
    },

    releaseQueued: async ({ tenantId, runId }) => {
      const { Item } = await runs
        .build(GetItemCommand)
        .key({ tenantId, runId })
        .options({ consistent: true })
        .send()
      if (!Item?.queuedStart || Item.status !== 'requested') return undefined
      const queued = Item.queuedStart
      const released = await conditional(() =>
        runs
          .build(UpdateItemCommand)
          .item({ tenantId, runId, startEvent: queued, queuedStart: $remove() })
          .options({
            condition: {
              and: [
                { attr: 'queuedStart', exists: true },
                { attr: 'status', eq: 'requested' },
              ],
            },
          })
          .send(),
      )
      return released ? (StoredDraft.parse(JSON.parse(queued)) as Draft) : undefined
    },

    queuedRuns: async () => {
      const found = await scanRuns(table, runs, [
        { attr: 'status', eq: 'requested' },
        { attr: 'queuedStart', exists: true },
      ])
      return found.flatMap((item) =>
        item.afterRunId ? [{ tenantId: item.tenantId, runId: item.runId, afterRunId: item.afterRunId }] : [],
      )
    },

    markDiscarded: async ({ tenantId, runId }) => {
      await conditional(() =>
        runs
          .build(UpdateItemCommand)
          .item({ tenantId, runId, discardedAt: now() })
          .options({
            condition: {
              and: [
                { attr: 'runId', exists: true },
                { attr: 'discardedAt', exists: false },
              ],
            },
          })
          .send(),
      )
    },

    getRun: async (tenantId, runId) => {
      const Item = await rawGet(runs, { tenantId, runId }, RunItem)
      return Item ? toRunRecord(Item) : undefined
    },

    transitionRun: ({ tenantId, runId }, from, to, patch = {}) =>
      conditional(() =>
        rawUpdateItem(
          runs,
          { tenantId, runId },
          {
            set: {
              status: to,
              // GSI keys are not re-derived on update: move the run to its new status partition here.
              GSI2PK: gsi.runStatusPk(tenantId, to),
              updatedAt: now(),
              ...(patch.output !== undefined ? { output: patch.output } : {}),
              ...(patch.terminalEventId ? { terminalEventId: patch.terminalEventId } : {}),
              // The map is replaced whole.
              ...(patch.failure
                ? {
                    failure: {
                      code: patch.failure.code,
                      message: patch.failure.message,
                      retryable: patch.failure.retryable,
                    },
                  }
                : {}),
            },
          },
          { condition: { attr: 'status', in: [...from] } },
        ),
      ),

    acquireLease: ({ tenantId, runId }, holder, ttlMs) => {
      const nowMs = clock().getTime()
      return conditional(() =>
        runs
          .build(UpdateItemCommand)
          .item({ tenantId, runId, ...leaseOf(holder, nowMs, ttlMs) })
          .options({ condition: { and: [{ attr: 'runId', exists: true }, mayTakeLease(holder, nowMs)] } })
          .send(),
      )
    },

    renewLease: ({ tenantId, runId }, holder, ttlMs) =>
      conditional(() =>
        runs
          .build(UpdateItemCommand)
          .item({ tenantId, runId, leaseUntil: clock().getTime() + ttlMs })
          .options({ condition: holdsLease(holder) })
          .send(),
      ),

    releaseLease: async ({ tenantId, runId }, holder) => {
      await conditional(() =>
        runs
          .build(UpdateItemCommand)
          .item({
            tenantId,
            runId,
            leaseOwner: $remove(),
            leaseUntil: $remove(),
            leaseIncarnation: $remove(),
          })
          .options({ condition: holdsLease(holder) })
          .send(),
      )
    },

    putPlan: ({ tenantId, runId }, { plan, model, eventId, revision = 1, approval }) =>
      conditional(() =>
        plans
          .build(PutItemCommand)
          .item({
            tenantId,
            runId,
            revision,
            planJson: JSON.stringify(plan),
            modelJson: JSON.stringify(model),
            eventId,
            ...(approval ? { approvalJson: JSON.stringify(approval) } : {}),
            createdAt: now(),
          })
          .options({ condition: { attr: 'runId', exists: false } })
          .send(),
      ),

    getPlan: async (tenantId, runId) => {
      // The latest revision: one query, newest first, one item (as costly as a GetItem).
      const Item = await rawQueryLast(plans, runPk(tenantId, runId), { beginsWith: SK_PREFIX.plan }, PlanItem)
      return Item ? toPlanRecord(Item) : undefined
    },

    queueStep: async ({ tenantId, runId }, { stepId, team, inputs, taskEventId }) => {
      const item = {
        tenantId,
        runId,
        stepId,
        team,
        status: 'queued' as const,
        inputJson: JSON.stringify(inputs),
        taskEventId,
        dispatched: false,
        queuedAt: now(),
      }
      const created = await conditional(() =>
        steps
          .build(PutItemCommand)
          .item(item)
          .options({ condition: { attr: 'stepId', exists: false } })
          .send(),
      )
      if (created) return toStepRecord(item)
      const existing = await getStep({ tenantId, runId, stepId })
      if (!existing) throw new Error(`step ${stepId} vanished while being queued`)
      return existing
    },

    markDispatched: async ({ tenantId, runId, stepId }) => {
      await steps.build(UpdateItemCommand).item({ tenantId, runId, stepId, dispatched: true }).send()
    },

    finishStep: (key, outcome) =>
      conditional(() =>
        steps
          .build(UpdateItemCommand)
          .item(finishedStep(key, outcome, now()))
          .options({ condition: { attr: 'status', eq: 'queued' } })
          .send(),
      ),

    getStep,
    getRunContents: makeRunContentsRead(table),

    listSteps: async (tenantId, runId) => {
      const { Items = [] } = await table
        .build(QueryCommand)
        .query({ partition: runPk(tenantId, runId), range: { beginsWith: SK_PREFIX.step } })
        .entities(steps)
        .options({ consistent: true, maxPages: Number.POSITIVE_INFINITY })
        .send()
      return Items.map(toStepRecord)
    },
  }
}
