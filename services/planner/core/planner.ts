import type { z } from 'zod'
import { causedBy, type Envelope, PlanCreated, PlanRejected, type RunRequested } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import { ChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { ModelProvider } from '#platform/models/index.ts'
import type { RunStore, TeamStore } from '#platform/store/index.ts'
import { draftPlan } from './draft-plan.ts'

export interface PlannerDeps {
  bus: Bus
  runs: RunStore
  teams: TeamStore
  models: ModelProvider
  logger: Logger
  /** Repair rounds after an invalid answer (default 2). */
  maxRepairs?: number
}

type RunRequestedEvent = Envelope<'RunRequested', z.infer<(typeof RunRequested)['data']>>

/** The planner: turns a RunRequested into a validated PlanCreated, or a PlanRejected with the reasons. */
export const makePlanner = ({ bus, runs, teams, models, logger, maxRepairs = 2 }: PlannerDeps) => ({
  onRunRequested: async (event: RunRequestedEvent): Promise<void> => {
    const { tenantId, runId } = event.meta
    const log = logger.child({ runId })
    const context = causedBy(event, 'chorus.planner')
    const existing = await runs.getPlan(tenantId, runId)
    if (existing) {
      // A redelivery after the plan was stored: publish it again under its outbox id (the log dedupes).
      log.info('plan exists, re-publishing', { eventId: existing.eventId })
      await bus.publish(
        PlanCreated.draft(
          { plan: existing.plan, model: existing.model },
          { ...context, eventId: existing.eventId },
        ),
      )
      return
    }
    const catalogue = (await teams.list(tenantId)).map((t) => t.definition)
    const result = await draftPlan({ request: event.data.request, teams: catalogue, maxRepairs }, models)
    if (!result.success) {
      log.warn('plan rejected', { attempts: result.attempts, reasons: result.reasons })
      await bus.publish(
        PlanRejected.draft(
          { reasons: result.reasons, attempts: result.attempts, model: result.model },
          context,
        ),
      )
      return
    }
    const created = PlanCreated.draft({ plan: result.plan, model: result.model }, context)
    if (!(await runs.putPlan({ tenantId, runId }, { ...created.data, eventId: created.meta.eventId }))) {
      throw new ChorusError('store.conflict', `run ${runId} got a plan from another delivery`, {
        retryable: true,
      })
    }
    log.info('plan created', { steps: result.plan.steps.length, attempts: result.attempts })
    await bus.publish(created)
  },
})

export type Planner = ReturnType<typeof makePlanner>
