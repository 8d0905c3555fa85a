import { type BaseCheckpointSaver, Command } from '@langchain/langgraph'
import type { z } from 'zod'
import {
  type ApprovalDecided,
  causedBy,
  type Envelope,
  type Failure,
  newId,
  type PlanCreated,
  type PlanRejected,
  type RunCancelRequested,
  type RunResumed,
  type StepCompleted,
  type StepFailed,
  StepOutput,
  TaskQueued,
} from '#events'
import type { Bus } from '#platform/bus/index.ts'
import { runThreadId } from '#platform/checkpoint/index.ts'
import { ChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import {
  type EventLog,
  type LeaseHolder,
  makeLeaseHolder,
  type PlanRecord,
  type RunApprovals,
  type RunResumptions,
  type RunStore,
  type TransactItem,
} from '#platform/store/index.ts'
import { compilePlan, outputChannel, type RunGraph, sinkSteps, waitingSteps } from '../graph/compile-plan.ts'
import { makeApprovalGate } from './approval-gate.ts'
import { makeBudgetGate } from './budget-gate.ts'
import { type Delivery, makeExclusive } from './delivery.ts'
import { makeOutcomes } from './outcomes.ts'
import { makePlanMemory } from './run-memory.ts'

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
  /** The run's log, folded for its budget before a dispatch (ADR 0031); without it no budget is checked. */
  log?: Pick<EventLog, 'list'>
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
  log,
}: SupervisorDeps) => {
  const exclusively = makeExclusive({ bus, runs, checkpointer, logger, leaseMs, holder })
  const { finish, abortQueuedSteps } = makeOutcomes({ bus, runs, logger })
  const budget = makeBudgetGate({ bus, logger, finish, log })
  const approval = makeApprovalGate({ bus, logger, approvals, timeoutMs: approvalTimeoutMs })

  const plans = makePlanMemory(runs)

  const load = async (event: Envelope, delivery: Delivery): Promise<Loaded> => {
    const { tenantId, runId } = event.meta
    const record = await plans.get(tenantId, runId)
    if (!record) throw new ChorusError('store.notFound', `run ${runId} has no plan yet`, { retryable: true })
    const config = { configurable: { thread_id: runThreadId(tenantId, runId) } }
    // The delivery's saver reads the checkpoint once and holds the writes until the commit.
    return { record, graph: compilePlan(record.plan, delivery.saver), config }
  }

  /** The steps waiting for a worker in a graph's state: their ids. */
  const waitingIds = async (graph: RunGraph, config: GraphConfig): Promise<Set<string>> =>
    new Set(waitingSteps(await graph.getState(config)).map((w) => w.request.stepId))

  /** True (and logged) when the run has ended already: a late event must not dispatch more work. */
  const ended = (event: Envelope, delivery: Delivery): boolean => {
    const { status } = delivery.run
    if (status !== 'completed' && status !== 'failed') return false
    logger.info('event for an ended run ignored', { runId: event.meta.runId, event: event.meta.name })
    return true
  }

  /**
   * Dispatches the steps that began to wait in this delivery (`before` holds those that waited when it
   * began): each step record and its TaskQueued go into the delivery's one transaction, with the
   * checkpoint. Completes the run when nothing is left.
   */
  const advance = async (
    event: Envelope,
    graph: RunGraph,
    config: GraphConfig,
    record: PlanRecord,
    delivery: Delivery,
    before: ReadonlySet<string>,
  ) => {
    const { tenantId, runId } = event.meta
    const snapshot = await graph.getState(config)
    const context = causedBy(event, 'chorus.supervisor')
    const waiting = waitingSteps(snapshot)
    const gate = await budget.admit(
      event,
      waiting.map((w) => w.request.stepId),
    )
    const admitted = waiting.filter(({ request }) => gate.admitted.has(request.stepId))
    const allowance = gate.allowance ? { budget: gate.allowance } : {}
    if (delivery.reconcile) await redispatch(event, record, delivery, admitted, allowance)
    else {
      const fresh = admitted.filter(({ request }) => !before.has(request.stepId))
      const steps = fresh.map(({ request }) => ({ request, taskEventId: newId() }))
      const drafts = steps.map(({ request, taskEventId }) =>
        TaskQueued.draft(
          { ...request, goal: record.plan.goal, ...allowance },
          { ...context, eventId: taskEventId },
        ),
      )
      const writes = steps.map(({ request: { stepId, team, inputs }, taskEventId }) =>
        runs.queueStepWrite({ tenantId, runId }, { stepId, team, inputs, taskEventId }),
      )
      if (drafts.length > 0) await delivery.commit(drafts, writes)
      for (const { request } of fresh)
        logger.info('step dispatched', { runId, stepId: request.stepId, team: request.team })
    }
    if (gate.stop) return budget.stop(event, gate.stop, gate.logged)
    if (snapshot.next.length === 0 && waiting.length === 0) {
      if (delivery.saver.pending) await delivery.commit([])
      const finalSteps = sinkSteps(record.plan)
      const output = finalSteps
        .map((id) => StepOutput.parse(snapshot.values[outputChannel(id)]).text)
        .join('\n\n')
      await finish(event, { kind: 'completed', output, finalSteps })
    }
  }

  /**
   * After a delivery that may have stopped between its commit and the routing of its events (or on a
   * resumed run): every waiting step is queued once and its TaskQueued published again under the id
   * stored with it; the log appends an id once and the worker runs a step once.
   */
  const redispatch = async (
    event: Envelope,
    record: PlanRecord,
    delivery: Delivery,
    waiting: ReturnType<typeof waitingSteps>,
    allowance: Record<string, unknown>,
  ) => {
    const { tenantId, runId } = event.meta
    if (delivery.saver.pending) await delivery.commit([])
    const context = causedBy(event, 'chorus.supervisor')
    for (const { request } of waiting) {
      const step = await runs.queueStep(
        { tenantId, runId },
        { stepId: request.stepId, team: request.team, inputs: request.inputs, taskEventId: newId() },
      )
      if (step.status !== 'queued') continue
      const data = { ...request, goal: record.plan.goal, inputs: step.inputs, ...allowance }
      await bus.publish(TaskQueued.draft(data, { ...context, eventId: step.taskEventId }))
      if (!step.dispatched) await runs.markDispatched({ tenantId, runId, stepId: step.stepId })
      logger.info('step dispatched', { runId, stepId: step.stepId, team: step.team })
    }
  }

  /**
   * Runs a loaded plan's graph from its start, or (a redelivery) looks at what already waits, then
   * dispatches what began to wait: the shared path of a plan and of its approval.
   */
  const begin = async (event: Envelope, delivery: Delivery, { record, graph, config }: Loaded) => {
    const started = (await graph.getState(config)).createdAt !== undefined
    const before = started ? await waitingIds(graph, config) : new Set<string>()
    if (!started) await graph.invoke({}, config)
    await delivery.check()
    await advance(event, graph, config, record, delivery, before)
  }

  return {
    onPlanCreated: (event: EventOf<typeof PlanCreated>, done?: TransactItem) =>
      exclusively(
        event,
        async (delivery) => {
          if (ended(event, delivery)) return
          if (await approval.awaits(event)) return
          const loaded = await load(event, delivery)
          if (delivery.run.status === 'requested')
            await runs.transitionRun(event.meta, ['requested'], 'running')
          await begin(event, delivery, loaded)
        },
        done,
      ),

    onStepCompleted: (event: EventOf<typeof StepCompleted>, done?: TransactItem) =>
      exclusively(
        event,
        async (delivery) => {
          if (ended(event, delivery)) return
          const { record, graph, config } = await load(event, delivery)
          const { stepId, output } = event.data
          const before = waitingSteps(await graph.getState(config))
          const waiting = before.find((w) => w.request.stepId === stepId)
          if (waiting) await graph.invoke(new Command({ resume: { [waiting.interruptId]: output } }), config)
          else logger.info('completion ignored: step is not waiting', { runId: event.meta.runId, stepId })
          await delivery.check()
          const dispatched = new Set(before.map((w) => w.request.stepId))
          await advance(event, graph, config, record, delivery, dispatched)
        },
        done,
      ),

    /**
     * A decision on a waiting run (ADR 0023): `approve` stores an edited plan as revision 2 (the API
     * validated it like the planner), moves the run to `running` and dispatches as after a plan;
     * `reject` and `timeout` end it. A decision that answers no pause of this run is ignored.
     */
    onApprovalDecided: (event: EventOf<typeof ApprovalDecided>, done?: TransactItem) =>
      exclusively(
        event,
        async (delivery) => {
          const { tenantId, runId } = event.meta
          const { run } = delivery
          if (run.approvalEventId !== event.data.requestedEventId) {
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
            await finish(event, { kind: 'failed', reason: approval.declined(event) })
            return
          }
          const current = await runs.getPlan(tenantId, runId)
          if (event.data.plan && current && current.revision < 2)
            await runs.putPlan(
              { tenantId, runId },
              { plan: event.data.plan, model: current.model, eventId: event.meta.eventId, revision: 2 },
            )
          plans.forget(tenantId, runId)
          await runs.transitionRun({ tenantId, runId }, ['awaiting_approval'], 'running')
          await begin(event, delivery, await load(event, delivery))
          logger.info('plan approved', {
            runId,
            by: event.meta.actor.id,
            edited: event.data.plan !== undefined,
          })
        },
        done,
      ),

    onStepFailed: (event: EventOf<typeof StepFailed>, done?: TransactItem) =>
      exclusively(
        event,
        async () => {
          // A worker stopped the step for the run's budget: the same fold decides which limit (ADR 0031).
          if (
            event.data.error.code === 'budget.exceeded' &&
            (await budget.stoppedStep(event, event.data.stepId))
          )
            return
          await finish(event, { kind: 'failed', reason: event.data.error, stepId: event.data.stepId })
        },
        done,
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
    onRunCancelRequested: (event: EventOf<typeof RunCancelRequested>, done?: TransactItem) =>
      exclusively(
        event,
        async () => {
          const reason: Failure = {
            code: 'run.cancelled',
            message: `cancelled by ${event.meta.actor.id}: ${event.data.reason}`.slice(0, 4000),
            retryable: false,
          }
          await abortQueuedSteps(event, reason)
          await finish(event, { kind: 'failed', reason })
        },
        done,
      ),

    /**
     * A run a dead letter had failed goes on: its letter was redriven (ADR 0017). Outcomes that
     * arrived while the run was failed were ignored, so each waiting step is looked at again: one
     * completed meanwhile is resumed with its stored output; one its worker stopped because the run
     * had ended is queued again (a new TaskQueued); one that failed ends the run again with its
     * reason. Then the run advances as after any event. A run without a plan yet waits for the
     * planner (its RunRequested is the redriven message).
     */
    onRunResumed: (event: EventOf<typeof RunResumed>, done?: TransactItem) =>
      exclusively(
        event,
        async (delivery) => {
          if (ended(event, delivery)) return
          const { tenantId, runId } = event.meta
          if (!(await plans.get(tenantId, runId))) return
          // Steps may have been queued again meanwhile: every waiting one is looked at, not only new ones.
          delivery.reconcile = true
          const { record, graph, config } = await load(event, delivery)
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
          await delivery.check()
          await advance(event, graph, config, record, delivery, new Set())
        },
        done,
      ),

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
/** A run's plan with its graph compiled on the delivery's saver. */
type Loaded = { record: PlanRecord; graph: RunGraph; config: GraphConfig }

export type Supervisor = ReturnType<typeof makeSupervisor>
