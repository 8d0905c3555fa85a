import { type BaseCheckpointSaver, Command } from '@langchain/langgraph'
import type { z } from 'zod'
import {
  type ApprovalDecided,
  ApprovalRequested,
  causedBy,
  type Envelope,
  type Failure,
  newId,
  type PlanCreated,
  type PlanRejected,
  type RunCancelRequested,
  RunCompleted,
  RunFailed,
  type RunResumed,
  type StepCompleted,
  type StepFailed,
  StepOutput,
  TaskQueued,
} from '#events'
import type { Bus } from '#platform/bus/index.ts'
import { DeliveryMemoSaver, runThreadId } from '#platform/checkpoint/index.ts'
import { ChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import {
  claimantOf,
  type LeaseHolder,
  leaseHeld,
  makeLeaseHolder,
  type PlanRecord,
  type RunApprovals,
  type RunResumptions,
  type RunStore,
} from '#platform/store/index.ts'
import { compilePlan, outputChannel, type RunGraph, sinkSteps, waitingSteps } from '../graph/compile-plan.ts'

export interface SupervisorDeps {
  bus: Bus
  runs: RunStore
  checkpointer: BaseCheckpointSaver<string | number>
  logger: Logger
  /** How long one handler may hold a run before another may take it over (a crashed holder). */
  leaseMs?: number
  /** The process that takes run leases (its incarnation frees the leases of a crashed predecessor). */
  holder?: LeaseHolder
  /** Queues again the steps a resumed run had stopped; without it such a step ends the run again. */
  resumptions?: Pick<RunResumptions, 'requeueStep'>
  /** Pauses runs whose plan must be approved (ADR 0023); a plan that needs it fails the run without. */
  approvals?: Pick<RunApprovals, 'pause'>
  /** How long a run waits for a decision before it ends `approval.timedOut` (24 h by default). */
  approvalTimeoutMs?: number
}

/** The run lease a handler holds: `check` renews it, or throws once another delivery took the run over. */
interface Lease {
  check(): Promise<void>
}

type EventOf<D extends { name: string; data: z.ZodType }> = Envelope<D['name'], z.infer<D['data']>>

/**
 * The supervisor advances a run's graph one event at a time: PlanCreated starts it, each
 * StepCompleted resumes exactly the step it names. Every handler is safe to repeat: stale or
 * duplicate completions are ignored, and dispatches and outcomes are published under outbox
 * ids stored with the state change, so a retried handler re-publishes rather than duplicates.
 */
export const makeSupervisor = ({
  bus,
  runs,
  checkpointer,
  logger,
  leaseMs = 30_000,
  holder = makeLeaseHolder(),
  resumptions,
  approvals,
  approvalTimeoutMs = 24 * 60 * 60_000,
}: SupervisorDeps) => {
  /**
   * One writer per run: a handler advances a run's graph only while it holds the run's lease.
   * A second delivery for the same run gets `lease.held` (contention) and comes back later, so two
   * completions never resume the graph from the same state.
   */
  const exclusively = async (event: Envelope, work: (lease: Lease) => Promise<void>): Promise<void> => {
    const owner = claimantOf(holder)
    const key = { tenantId: event.meta.tenantId, runId: event.meta.runId }
    if (!(await runs.acquireLease(key, owner, leaseMs))) {
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
    // The owner id is the fencing token: once another delivery took the run over, this one stops
    // before it publishes anything (its checkpoint writes already lose to the new head, ADR 0005).
    // Within the first third of the lease nobody can have taken it (clocks would have to disagree by
    // two thirds of it), so the check renews only after that: one write less for a quick delivery.
    const acquiredAt = Date.now()
    const lease: Lease = {
      check: async () => {
        if (Date.now() - acquiredAt < leaseMs / 3) return
        if (!(await runs.renewLease(key, owner, leaseMs)))
          throw new ChorusError('lease.held', `run ${key.runId} was taken over while this delivery worked`, {
            retryable: true,
          })
      },
    }
    try {
      await work(lease)
    } finally {
      await runs.releaseLease(key, owner)
    }
  }

  const load = async (
    event: Envelope,
  ): Promise<{ record: PlanRecord; graph: RunGraph; config: GraphConfig }> => {
    const { tenantId, runId } = event.meta
    const record = await runs.getPlan(tenantId, runId)
    if (!record) throw new ChorusError('store.notFound', `run ${runId} has no plan yet`, { retryable: true })
    const config = { configurable: { thread_id: runThreadId(tenantId, runId) } }
    // One delivery holds the run's lease: a checkpoint read once serves the rest of it (memo).
    return { record, graph: compilePlan(record.plan, new DeliveryMemoSaver(checkpointer)), config }
  }

  /** True (and logged) when the run has ended already: a late event must not dispatch more work. */
  const ended = async (event: Envelope): Promise<boolean> => {
    const run = await runs.getRun(event.meta.tenantId, event.meta.runId)
    if (run?.status !== 'completed' && run?.status !== 'failed') return false
    logger.info('event for an ended run ignored', { runId: event.meta.runId, event: event.meta.name })
    return true
  }

  /** Publishes a TaskQueued for every paused step not dispatched yet; completes the run when nothing is left. */
  const advance = async (event: Envelope, graph: RunGraph, config: GraphConfig, record: PlanRecord) => {
    const { tenantId, runId } = event.meta
    const snapshot = await graph.getState(config)
    const context = causedBy(event, 'chorus.supervisor')
    const waiting = waitingSteps(snapshot)
    for (const { request } of waiting) {
      const step = await runs.queueStep(
        { tenantId, runId },
        { stepId: request.stepId, team: request.team, inputs: request.inputs, taskEventId: newId() },
      )
      if (step.dispatched) continue
      const data = { ...request, goal: record.plan.goal, inputs: step.inputs }
      await bus.publish(TaskQueued.draft(data, { ...context, eventId: step.taskEventId }))
      await runs.markDispatched({ tenantId, runId, stepId: step.stepId })
      logger.info('step dispatched', { runId, stepId: step.stepId, team: step.team })
    }
    if (snapshot.next.length === 0 && waiting.length === 0) {
      const finalSteps = sinkSteps(record.plan)
      const output = finalSteps
        .map((id) => StepOutput.parse(snapshot.values[outputChannel(id)]).text)
        .join('\n\n')
      await finish(event, { kind: 'completed', output, finalSteps })
    }
  }

  /** Marks every step still queued as aborted (each a conditional write its worker's completion loses to). */
  const abortQueuedSteps = async (event: Envelope, reason: Failure) => {
    const { tenantId, runId } = event.meta
    for (const step of await runs.listSteps(tenantId, runId)) {
      if (step.status !== 'queued') continue
      const key = { tenantId, runId, stepId: step.stepId }
      if (await runs.finishStep(key, { status: 'aborted', error: reason, resultEventId: newId() }))
        logger.info('step aborted', { runId, stepId: step.stepId })
    }
  }

  const finish = async (
    event: Envelope,
    outcome:
      | { kind: 'completed'; output: string; finalSteps: string[] }
      | { kind: 'failed'; reason: Failure; stepId?: string },
  ) => {
    const { tenantId, runId } = event.meta
    const context = causedBy(event, 'chorus.supervisor')
    const draft =
      outcome.kind === 'completed'
        ? RunCompleted.draft({ output: outcome.output, finalSteps: outcome.finalSteps }, context)
        : RunFailed.draft(
            { reason: outcome.reason, ...(outcome.stepId ? { stepId: outcome.stepId } : {}) },
            context,
          )
    const patch = outcome.kind === 'completed' ? { output: outcome.output } : { failure: outcome.reason }
    const from = ['requested', 'running', 'awaiting_approval'] as const
    const moved = await runs.transitionRun({ tenantId, runId }, from, outcome.kind, {
      ...patch,
      terminalEventId: draft.meta.eventId,
    })
    const run = moved ? undefined : await runs.getRun(tenantId, runId)
    if (!moved && run?.status !== outcome.kind) {
      logger.warn('run already ended, outcome dropped', { runId, status: run?.status, outcome: outcome.kind })
      return
    }
    const eventId = moved ? draft.meta.eventId : run?.terminalEventId
    await bus.publish({ ...draft, meta: { ...draft.meta, eventId: eventId ?? draft.meta.eventId } })
    logger.info(`run ${outcome.kind}`, { runId })
  }

  /**
   * The approval gate (ADR 0023): a plan the planner says must wait pauses its run once
   * (`awaiting_approval`, ApprovalRequested under the id stored with the pause). True while the run
   * waits, so nothing is dispatched; false once a decision moved it on (a redelivered PlanCreated).
   */
  const awaitsApproval = async (event: EventOf<typeof PlanCreated>): Promise<boolean> => {
    if (!event.data.approval) return false
    if (!approvals)
      throw new ChorusError(
        'config.invalid',
        'the plan must be approved, but this supervisor cannot pause a run',
      )
    const { tenantId, runId } = event.meta
    const expiresAt = new Date(Date.now() + approvalTimeoutMs).toISOString()
    const paused = await approvals.pause({ tenantId, runId }, { eventId: newId(), expiresAt })
    if (!paused) return false
    const data = {
      planEventId: event.meta.eventId,
      reasons: event.data.approval.reasons,
      expiresAt: paused.expiresAt,
    }
    const context = causedBy(event, 'chorus.supervisor')
    await bus.publish(ApprovalRequested.draft(data, { ...context, eventId: paused.eventId }))
    logger.info('run awaits approval', { runId, reasons: data.reasons.map((r) => r.kind), expiresAt })
    return true
  }

  /** Why a decision ended the run: rejected by someone, or nobody decided in time. */
  const declined = (event: EventOf<typeof ApprovalDecided>): Failure => {
    const { decision, reason } = event.data
    const message =
      decision === 'reject'
        ? `plan rejected by ${event.meta.actor.id}${reason ? `: ${reason}` : ''}`
        : `no decision on the plan in time${reason ? `: ${reason}` : ''}`
    const code = decision === 'reject' ? 'approval.rejected' : 'approval.timedOut'
    return { code, message: message.slice(0, 4000), retryable: false }
  }

  return {
    onPlanCreated: (event: EventOf<typeof PlanCreated>) =>
      exclusively(event, async (lease) => {
        if (await ended(event)) return
        if (await awaitsApproval(event)) return
        const { record, graph, config } = await load(event)
        await runs.transitionRun(event.meta, ['requested'], 'running')
        const started = (await graph.getState(config)).createdAt !== undefined
        if (!started) await graph.invoke({}, config)
        await lease.check()
        await advance(event, graph, config, record)
      }),

    onStepCompleted: (event: EventOf<typeof StepCompleted>) =>
      exclusively(event, async (lease) => {
        if (await ended(event)) return
        const { record, graph, config } = await load(event)
        const { stepId, output } = event.data
        const waiting = waitingSteps(await graph.getState(config)).find((w) => w.request.stepId === stepId)
        if (waiting) await graph.invoke(new Command({ resume: { [waiting.interruptId]: output } }), config)
        else logger.info('completion ignored: step is not waiting', { runId: event.meta.runId, stepId })
        await lease.check()
        // Always advance: a previous attempt may have resumed the graph and then failed to dispatch.
        await advance(event, graph, config, record)
      }),

    /**
     * A decision on a waiting run (ADR 0023): `approve` stores an edited plan as revision 2 (the API
     * validated it like the planner), moves the run to `running` and dispatches as after a plan;
     * `reject` and `timeout` end it. A decision that answers no pause of this run is ignored.
     */
    onApprovalDecided: (event: EventOf<typeof ApprovalDecided>) =>
      exclusively(event, async (lease) => {
        const { tenantId, runId } = event.meta
        const run = await runs.getRun(tenantId, runId)
        if (run?.approvalEventId !== event.data.requestedEventId) {
          logger.warn('decision ignored: the run waits for no such approval', {
            runId,
            event: event.meta.eventId,
          })
          return
        }
        if (run.status === 'completed' || run.status === 'failed') {
          logger.info('event for an ended run ignored', { runId, event: event.meta.name })
          return
        }
        if (event.data.decision !== 'approve') {
          await finish(event, { kind: 'failed', reason: declined(event) })
          return
        }
        const current = await runs.getPlan(tenantId, runId)
        if (event.data.plan && current && current.revision < 2)
          await runs.putPlan(
            { tenantId, runId },
            { plan: event.data.plan, model: current.model, eventId: event.meta.eventId, revision: 2 },
          )
        await runs.transitionRun({ tenantId, runId }, ['awaiting_approval'], 'running')
        const { record, graph, config } = await load(event)
        if ((await graph.getState(config)).createdAt === undefined) await graph.invoke({}, config)
        await lease.check()
        await advance(event, graph, config, record)
        logger.info('plan approved', {
          runId,
          by: event.meta.actor.id,
          edited: event.data.plan !== undefined,
        })
      }),

    onStepFailed: (event: EventOf<typeof StepFailed>) =>
      exclusively(event, () =>
        finish(event, { kind: 'failed', reason: event.data.error, stepId: event.data.stepId }),
      ),

    /**
     * A message its consumer gave up on: the run cannot go on, so it ends with the reason. The
     * error's own code is kept when it was final; `queue.exhausted` when retries ran out.
     */
    onDeadLetter: async (event: Envelope, consumer: string, reason: Failure) =>
      finish(event, {
        kind: 'failed',
        reason: {
          code: reason.retryable ? 'queue.exhausted' : reason.code,
          message: `${consumer} gave up on ${event.meta.name}: ${reason.message}`.slice(0, 4000),
          retryable: false,
        },
      }),

    /**
     * A cancel request aborts the run's unfinished steps, then ends the run as failed with
     * `run.cancelled`; a run that ended already stays as it is. Steps first: a worker's
     * completion is conditional on its step being queued, so none is recorded after the cancel.
     */
    onRunCancelRequested: (event: EventOf<typeof RunCancelRequested>) =>
      exclusively(event, async () => {
        const reason: Failure = {
          code: 'run.cancelled',
          message: `cancelled by ${event.meta.actor.id}: ${event.data.reason}`.slice(0, 4000),
          retryable: false,
        }
        await abortQueuedSteps(event, reason)
        await finish(event, { kind: 'failed', reason })
      }),

    /**
     * A run a dead letter had failed goes on: its letter was redriven (ADR 0017). Outcomes that
     * arrived while the run was failed were ignored, so each waiting step is looked at again: one
     * completed meanwhile is resumed with its stored output; one its worker stopped because the run
     * had ended is queued again (a new TaskQueued); one that failed ends the run again with its
     * reason. Then the run advances as after any event. A run without a plan yet waits for the
     * planner (its RunRequested is the redriven message).
     */
    onRunResumed: (event: EventOf<typeof RunResumed>) =>
      exclusively(event, async (lease) => {
        if (await ended(event)) return
        const { tenantId, runId } = event.meta
        if (!(await runs.getPlan(tenantId, runId))) return
        const { record, graph, config } = await load(event)
        for (let resumed = true; resumed; ) {
          resumed = false
          for (const { request, interruptId } of waitingSteps(await graph.getState(config))) {
            const step = await runs.getStep({ tenantId, runId, stepId: request.stepId })
            if (step?.status === 'completed' && step.output) {
              await graph.invoke(new Command({ resume: { [interruptId]: step.output } }), config)
              resumed = true
              break
            }
            if (
              step?.status === 'aborted' &&
              resumptions &&
              (await resumptions.requeueStep({ tenantId, runId, stepId: step.stepId }, newId()))
            ) {
              logger.info('step queued again', { runId, stepId: step.stepId })
              continue
            }
            if (step?.status === 'failed' || step?.status === 'aborted') {
              const stopped = `step ${step.stepId} was stopped while the run was failed; it cannot go on`
              const reason: Failure =
                step.status === 'failed' && step.error
                  ? step.error
                  : { code: 'step.aborted', message: stopped, retryable: false }
              await finish(event, { kind: 'failed', reason, stepId: step.stepId })
              return
            }
          }
        }
        await lease.check()
        await advance(event, graph, config, record)
      }),

    onPlanRejected: async (event: EventOf<typeof PlanRejected>) =>
      finish(event, {
        kind: 'failed',
        reason: {
          code: 'plan.invalid',
          message: event.data.reasons.join('; ').slice(0, 4000),
          retryable: false,
        },
      }),
  }
}

type GraphConfig = { configurable: { thread_id: string } }

export type Supervisor = ReturnType<typeof makeSupervisor>
