import type { z } from 'zod'
import { causedBy, describeFailure, type Envelope, StepCompleted, StepFailed, type TaskQueued } from '#events'
import type { BlobStore } from '#platform/blobs/index.ts'
import type { Bus } from '#platform/bus/index.ts'
import { ChorusError, describeError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { RunStore, StepRecord, TeamStore } from '#platform/store/index.ts'
import { buildTeam, type TeamDeps } from '../teams/build-team.ts'
import { resolveInputs, storeLargeOutput } from '../teams/large-output.ts'

export interface WorkersDeps extends TeamDeps {
  /** Where large step outputs are kept whole (files locally, S3 on AWS). */
  blobs: BlobStore
  bus: Bus
  runs: RunStore
  teams: TeamStore
  logger: Logger
}

type TaskQueuedEvent = Envelope<'TaskQueued', z.infer<(typeof TaskQueued)['data']>>

/**
 * Workers run a step's team and report the outcome. A retryable failure is thrown so the
 * queue redelivers it (and dead-letters it in the end); anything else becomes StepFailed.
 * The outcome is stored with its outbox id before it is published, so a redelivered task
 * re-publishes the same outcome instead of running the team again.
 */
export const makeWorkers = ({ bus, runs, teams, logger, blobs, ...teamDeps }: WorkersDeps) => ({
  onTaskQueued: async (event: TaskQueuedEvent): Promise<void> => {
    const { tenantId, runId } = event.meta
    const key = { tenantId, runId, stepId: event.data.stepId }
    const log = logger.child({ runId, stepId: key.stepId })
    const context = causedBy(event, 'chorus.workers')

    const before = await runs.getStep(key)
    if (!before)
      throw new ChorusError('store.notFound', `step ${key.stepId} was never queued`, { retryable: true })
    if (before.status !== 'queued') {
      log.info('step already finished, re-publishing its outcome', { status: before.status })
      await bus.publish(outcomeEvent(before, context))
      return
    }

    const team = await teams.get(tenantId, event.data.team)
    let draft: ReturnType<typeof StepCompleted.draft> | ReturnType<typeof StepFailed.draft>
    if (!team) {
      const error = { code: 'team.notFound', message: `no team named "${event.data.team}"`, retryable: false }
      draft = StepFailed.draft({ stepId: key.stepId, error }, context)
    } else {
      try {
        const started = Date.now()
        const task = { ...event.data, inputs: await resolveInputs(event.data.inputs, blobs) }
        const produced = await buildTeam(team.definition, teamDeps).run(task, {
          tenantId,
          runId,
          stepId: key.stepId,
        })
        const output = await storeLargeOutput(produced, { blobs, tenantId, runId, stepId: key.stepId })
        log.info('step ran', { team: event.data.team, ms: Date.now() - started })
        draft = StepCompleted.draft({ stepId: key.stepId, output }, context)
      } catch (error) {
        const failure = describeError(error)
        if (failure.retryable) throw error
        draft = StepFailed.draft({ stepId: key.stepId, error: describeFailure(failure) }, context)
      }
    }

    const outcome =
      draft.meta.name === 'StepCompleted'
        ? {
            status: 'completed' as const,
            output: (draft as ReturnType<typeof StepCompleted.draft>).data.output,
          }
        : { status: 'failed' as const, error: (draft as ReturnType<typeof StepFailed.draft>).data.error }
    if (await runs.finishStep(key, { ...outcome, resultEventId: draft.meta.eventId })) {
      await bus.publish(draft)
      return
    }
    // Another delivery finished the step first: report its outcome, not ours.
    const winner = await runs.getStep(key)
    if (winner) await bus.publish(outcomeEvent(winner, context))
  },
})

const outcomeEvent = (step: StepRecord, context: ReturnType<typeof causedBy>) => {
  const withId = { ...context, ...(step.resultEventId ? { eventId: step.resultEventId } : {}) }
  if (step.status === 'completed' && step.output)
    return StepCompleted.draft({ stepId: step.stepId, output: step.output }, withId)
  const error = step.error ?? { code: 'step.failed', message: 'the step failed', retryable: false }
  return StepFailed.draft({ stepId: step.stepId, error }, withId)
}

export type Workers = ReturnType<typeof makeWorkers>
