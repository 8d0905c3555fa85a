import { BudgetExceeded, causedBy, type Envelope, StepFailed } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { EventLog } from '#platform/store/index.ts'
import { type BudgetStop, budgetOf, describeBudgetStop, gateDispatch, stopAfterStep } from './budget.ts'
import type { Outcomes } from './outcomes.ts'
import { remember } from './run-memory.ts'

interface BudgetGateDeps {
  bus: Bus
  logger: Logger
  finish: Outcomes['finish']
  /** The run's log, folded for its budget (ADR 0031); without it no budget is checked. */
  log?: Pick<EventLog, 'list'> | undefined
}

/** The run budget's say on the supervisor's dispatches and on a step a worker stopped (ADR 0031). */
export const makeBudgetGate = ({ bus, logger, finish, log }: BudgetGateDeps) => {
  /** Runs known to have no budget (their RunRequested states none): not read again. */
  const unbudgeted = new Set<string>()

  /** Ends the run for its budget: BudgetExceeded (once: a retry finds it logged), then RunFailed. */
  const stop = async (event: Envelope, reached: BudgetStop, logged: readonly Envelope[]) => {
    const { stepId: _stepId, ...data } = reached
    if (!logged.some((e) => BudgetExceeded.is(e)))
      await bus.publish(BudgetExceeded.draft(reached, causedBy(event, 'chorus.supervisor')))
    logger.info('run stopped by its budget', {
      runId: event.meta.runId,
      limit: data.limit,
      usage: data.usage,
    })
    const reason = {
      code: 'budget.exceeded',
      message: describeBudgetStop(reached, reached.usage),
      retryable: false,
    }
    const failed = StepFailed.is(event) ? { stepId: event.data.stepId } : {}
    await finish(event, { kind: 'failed', reason, ...failed })
  }

  return {
    stop,

    /** Which of these steps may be dispatched, and whether the run stops: one read of the run's log, the fold in `budget.ts`. */
    admit: async (event: Envelope, stepIds: string[]) => {
      const run = `${event.meta.tenantId}#${event.meta.runId}`
      if (!log || stepIds.length === 0 || unbudgeted.has(run))
        return { admitted: new Set(stepIds), logged: [] as Envelope[] }
      const logged = await log.list(event.meta.tenantId, event.meta.runId)
      // A run's budget is its RunRequested's, which never changes: a run without one is not read again.
      if (!budgetOf(logged)) remember(unbudgeted, run)
      return { ...gateDispatch(logged, event, stepIds), logged }
    },

    /**
     * A worker stopped a step for the run's budget: the same fold decides which limit. True when the
     * run was ended for it.
     */
    stoppedStep: async (event: Envelope, stepId: string): Promise<boolean> => {
      if (!log) return false
      const logged = await log.list(event.meta.tenantId, event.meta.runId)
      const reached = stopAfterStep(logged, event, stepId)
      if (!reached) return false
      await stop(event, reached, logged)
      return true
    },
  }
}
