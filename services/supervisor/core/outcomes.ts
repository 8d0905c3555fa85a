import { causedBy, type Envelope, type Failure, newId, RunCompleted, RunFailed } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { RunStore } from '#platform/store/index.ts'

/** How a run ends: with its answer, or failed with the reason (and the step that caused it). */
export type Outcome =
  | { kind: 'completed'; output: string; finalSteps: string[] }
  | { kind: 'failed'; reason: Failure; stepId?: string }

/** Ending runs and stopping their queued steps: the supervisor's last word on a run. */
export const makeOutcomes = ({ bus, runs, logger }: { bus: Bus; runs: RunStore; logger: Logger }) => ({
  /**
   * Ends the run once: a conditional move to `completed` or `failed` stores the id of its terminal
   * event, which is published under that id (a repeat publishes the same event again, which the log
   * takes once). A run that ended otherwise meanwhile keeps its outcome.
   */
  finish: async (event: Envelope, outcome: Outcome) => {
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
  },

  /** Marks every step still queued as aborted (each a conditional write its worker's completion loses to). */
  abortQueuedSteps: async (event: Envelope, reason: Failure) => {
    const { tenantId, runId } = event.meta
    for (const step of await runs.listSteps(tenantId, runId)) {
      if (step.status !== 'queued') continue
      const key = { tenantId, runId, stepId: step.stepId }
      if (await runs.finishStep(key, { status: 'aborted', error: reason, resultEventId: newId() }))
        logger.info('step aborted', { runId, stepId: step.stepId })
    }
  },
})

export type Outcomes = ReturnType<typeof makeOutcomes>
