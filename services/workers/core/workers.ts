import type { z } from 'zod'
import { causedBy, describeFailure, type Envelope, type TaskQueued } from '#events'
import type { BlobStore } from '#platform/blobs/index.ts'
import type { Bus } from '#platform/bus/index.ts'
import { ChorusError, describeError, isChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import {
  claimantOf,
  type LeaseHolder,
  leaseHeld,
  type ModelCallStore,
  makeLeaseHolder,
  type RunControl,
  type RunStore,
  type StepOutcome,
  type TransactItem,
} from '#platform/store/index.ts'
import { buildTeam, type TeamDeps } from '../teams/build-team.ts'
import type { TeamStore } from '../teams/definitions/index.ts'
import { resolveInputs, storeLargeOutput } from '../teams/large-output.ts'
import { guardStepBudget } from './step-budget.ts'
import { abortedOutcome, outcomeDraft, storedOutcomeDraft } from './step-outcome.ts'
import { readStepCalls } from './step-usage.ts'
import { watchRun } from './watch-run.ts'

export interface WorkersDeps extends TeamDeps {
  /** Where large step outputs are kept whole (files locally, S3 on AWS). */
  blobs: BlobStore
  bus: Bus
  runs: RunStore
  teams: TeamStore
  logger: Logger
  /** Tells a step whether its run was cancelled or ended (ADR 0015). */
  control: Pick<RunControl, 'stopRequested'>
  /** Read back when a step ends: its outcome event commits to the digests of its calls. */
  modelCalls: Pick<ModelCallStore, 'list'>
  /** How often a running step re-reads its run to learn of a cancel; 2 s by default. */
  cancelPollMs?: number
  /** Who claims steps (the process; a claim of a crashed earlier incarnation is taken over at once). */
  holder?: LeaseHolder
  /** How long a claim keeps a duplicate delivery of the step waiting; 60 s by default. */
  claimMs?: number
}

type TaskQueuedEvent = Envelope<'TaskQueued', z.infer<(typeof TaskQueued)['data']>>

/**
 * Workers run a step's team and report the outcome. A retryable failure is thrown so the
 * queue redelivers it (and dead-letters it in the end); anything else becomes StepFailed.
 * A step of a cancelled or ended run does not start, and one running is aborted (its model and
 * tool calls get the abort signal) and becomes StepAborted. The outcome is stored with its outbox
 * id before it is published, so a redelivered task re-publishes the same outcome instead of
 * running the team again; the first stored outcome wins, a completion never overwrites an abort.
 */
export const makeWorkers = ({
  bus,
  runs,
  teams,
  logger,
  blobs,
  control,
  modelCalls,
  cancelPollMs = 2000,
  holder = makeLeaseHolder(),
  claimMs = 60_000,
  ...teamDeps
}: WorkersDeps) => {
  /** The step's calls, read once: what its outcome commits to and what they used (ADR 0031). */
  const callsOf = (key: { tenantId: string; runId: string; stepId: string }, team: string) =>
    readStepCalls({ modelCalls, toolCalls: teamDeps.toolCalls }, key, team)

  /** Runs the team under a watch of its run; an abort wins over whatever the team ended with. */
  const runTeam = async (event: TaskQueuedEvent, log: Logger): Promise<StepOutcome> => {
    const { tenantId, runId } = event.meta
    const { stepId } = event.data
    const team = await teams.get(tenantId, event.data.team)
    if (!team)
      return {
        status: 'failed',
        error: { code: 'team.notFound', message: `no team named "${event.data.team}"`, retryable: false },
      }
    const watch = watchRun({ bus, control, logger, pollMs: cancelPollMs }, { tenantId, runId })
    try {
      const started = Date.now()
      const task = { ...event.data, inputs: await resolveInputs(event.data.inputs, blobs) }
      const call = { tenantId, runId, stepId, signal: watch.signal }
      // Within what is left of the run's budget: a loop stops between iterations once it is used up.
      const deps = guardStepBudget(teamDeps, event.data.budget)
      const produced = await buildTeam(team.definition, deps).run(task, call)
      // A stop that did not pass this process's bus is caught when the outcome is stored (`report`).
      const stopped = watch.reason()
      if (stopped) return abortedOutcome(stopped)
      const output = await storeLargeOutput(produced, { blobs, tenantId, runId, stepId })
      log.info('step ran', { team: event.data.team, ms: Date.now() - started })
      return { status: 'completed', output }
    } catch (error) {
      const stopped = watch.reason()
      if (stopped) {
        log.info('step aborted', { reason: stopped })
        return abortedOutcome(stopped)
      }
      const failure = describeError(error)
      if (failure.retryable) throw error
      return { status: 'failed', error: describeFailure(failure) }
    } finally {
      watch.close()
    }
  }

  /**
   * Stores the step's outcome with the event that reports it, in one transaction that also checks the
   * run goes on and records the delivery done. When it does not apply, what stands is reported instead:
   * the run stopped (the step ends aborted), or another delivery or a cancel finished the step first.
   */
  const report = async (event: TaskQueuedEvent, outcome: StepOutcome, done: TransactItem | undefined) => {
    const { tenantId, runId } = event.meta
    const key = { tenantId, runId, stepId: event.data.stepId }
    const context = causedBy(event, 'chorus.workers')
    const draft = outcomeDraft(key.stepId, outcome, context, await callsOf(key, event.data.team))
    const finish = runs.finishStepWrite(key, { ...outcome, resultEventId: draft.meta.eventId })
    const checks = outcome.status === 'aborted' ? [] : [runs.runGoesOnCheck(key)]
    try {
      await bus.publish(draft, { alongside: [finish, ...checks, ...(done ? [done] : [])] })
      return
    } catch (error) {
      if (!isChorusError(error) || error.code !== 'store.conflict') throw error
    }
    const stopped = outcome.status === 'aborted' ? undefined : await control.stopRequested(key)
    if (stopped) return report(event, abortedOutcome(stopped), done)
    // Another delivery finished the step first, or a cancel aborted it: report that, not ours.
    const winner = await runs.getStep(key)
    if (winner) await bus.publish(storedOutcomeDraft(winner, context, await callsOf(key, winner.team)))
  }

  return {
    /**
     * `done` is the consumer's record of this event, stored with the outcome (the step's claim keeps
     * duplicate deliveries apart, so no idempotency claim is needed around it).
     */
    onTaskQueued: async (event: TaskQueuedEvent, done?: TransactItem): Promise<void> => {
      const { tenantId, runId } = event.meta
      const key = { tenantId, runId, stepId: event.data.stepId }
      const log = logger.child({ runId, stepId: key.stepId })
      const context = causedBy(event, 'chorus.workers')

      const owner = claimantOf(holder)
      const claim = await runs.claimStep(key, owner, claimMs)
      if (claim.kind === 'missing')
        throw new ChorusError('store.notFound', `step ${key.stepId} was never queued`, { retryable: true })
      if (claim.kind === 'held') throw leaseHeld(`step ${key.stepId}`)
      if (claim.kind === 'finished') {
        log.info('step already finished, re-publishing its outcome', { status: claim.step.status })
        await bus.publish(storedOutcomeDraft(claim.step, context, await callsOf(key, claim.step.team)))
        return
      }
      try {
        await report(event, await runTeam(event, log), done)
      } catch (error) {
        // The queue delivers the task again: the claim must not keep that delivery waiting.
        await runs.releaseStep(key, owner)
        throw error
      }
    },
  }
}

export type Workers = ReturnType<typeof makeWorkers>
