import type { z } from 'zod'
import { causedBy, type Envelope, PlanCreated, PlanRejected, type RunRequested } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import { ChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { InvokeModel } from '#platform/models/index.ts'
import {
  type ChatStore,
  type ModelCallStore,
  type PromptStore,
  type RunStore,
  readCommitments,
} from '#platform/store/index.ts'
import type { TeamStore, ToolCatalog } from '#services/workers/index.ts'
import { PLANNER_PROMPT_NAME, PLANNER_SYSTEM_PROMPT } from '../prompts/system.ts'
import { approvalFor } from './approval.ts'
import { DEFAULT_WINDOW, readConversation, type WindowLimits } from './conversation.ts'
import { draftPlan, type PlanLimits } from './draft-plan.ts'

export interface PlannerDeps {
  bus: Bus
  runs: RunStore
  teams: TeamStore
  prompts: PromptStore
  invoke: InvokeModel
  logger: Logger
  /** Read back when planning ends: the plan event commits to the digests of the planner's calls. */
  modelCalls: Pick<ModelCallStore, 'list'>
  limits?: Partial<PlanLimits>
  /**
   * Seeds a tenant's default teams and prompt, conditionally (never over a deleted one): called when
   * a tenant has no team at all, so a fresh stage answers its first chat.
   */
  seedDefaults?: (tenantId: string) => Promise<unknown>
  /** A chat's earlier turns reach the planner (a bounded window); without it each request stands alone. */
  chats?: Pick<ChatStore, 'recentMessages'>
  window?: Partial<WindowLimits>
  /** Which tools are marked `requiresApproval` (read only when a team of the plan declares tools). */
  tools?: ToolCatalog
}

type RunRequestedEvent = Envelope<'RunRequested', z.infer<(typeof RunRequested)['data']>>

/** Why a tenant without teams gets no plan, and what fixes it. */
const noTeams = (tenantId: string) =>
  `plan.noTeams: tenant ${tenantId} has no team to plan with; restore the default teams with ` +
  '`chorus teams reset`, or add your own with `chorus teams apply <path>`'

/** The planner's limits when none are configured; an edited plan is held to the same. */
export const DEFAULT_PLAN_LIMITS: PlanLimits = { maxRepairs: 2, maxSteps: 10 }

/** Step id under which the planner's model calls are recorded. */
export const PLANNER_CALLS = '@planner'

/** The planner: turns a RunRequested into a validated PlanCreated, or a PlanRejected with the reasons. */
export const makePlanner = ({
  bus,
  runs,
  teams,
  prompts,
  invoke,
  logger,
  modelCalls,
  limits = {},
  seedDefaults,
  chats,
  window = {},
  tools,
}: PlannerDeps) => ({
  onRunRequested: async (event: RunRequestedEvent): Promise<void> => {
    const { tenantId, runId } = event.meta
    const log = logger.child({ runId })
    const context = causedBy(event, 'chorus.planner')
    const existing = await runs.getPlan(tenantId, runId)
    const callsOf = () => readCommitments({ modelCalls }, { tenantId, runId, stepId: PLANNER_CALLS })
    if (existing) {
      // A redelivery after the plan was stored: publish it again under its outbox id (the log dedupes).
      log.info('plan exists, re-publishing', { eventId: existing.eventId })
      await bus.publish(
        PlanCreated.draft(
          {
            plan: existing.plan,
            model: existing.model,
            calls: await callsOf(),
            ...(existing.approval ? { approval: existing.approval } : {}),
          },
          { ...context, eventId: existing.eventId },
        ),
      )
      return
    }

    // A RunRequested for a run nobody created (forged, or another stage's) is dropped with a record:
    // no model call, no plan, no retries.
    const run = await runs.getRun(tenantId, runId)
    if (!run) {
      log.warn('event for an unknown run dropped', {
        eventId: event.meta.eventId,
        event: event.meta.name,
        reason: 'run.notFound',
      })
      return
    }

    // Read per run, so a new prompt or team version applies to the next request without a restart.
    let catalogue = await teams.list(tenantId)
    if (catalogue.length === 0 && seedDefaults) {
      await seedDefaults(tenantId)
      catalogue = await teams.list(tenantId)
    }
    if (catalogue.length === 0) {
      // Without a team no plan can be valid: say so and how to fix it, without asking a model.
      log.warn('plan rejected', { reason: 'plan.noTeams' })
      const data = { reasons: [noTeams(tenantId)], attempts: 0, calls: await callsOf() }
      await bus.publish(PlanRejected.draft(data, context))
      return
    }
    const stored = await prompts.get(tenantId, PLANNER_PROMPT_NAME)
    const prompt = stored
      ? { text: stored.definition.text, version: stored.version }
      : { text: PLANNER_SYSTEM_PROMPT, version: 0 }
    const { chatId, messageId } = event.data
    const conversation =
      chats && chatId && messageId
        ? await readConversation(
            { chats, runs },
            { tenantId, chatId, messageId },
            { ...DEFAULT_WINDOW, ...window },
          )
        : undefined
    const result = await draftPlan(
      {
        request: event.data.request,
        conversation,
        teams: catalogue.map(({ definition }) => ({
          name: definition.name,
          description: definition.description,
          tools: definition.tools,
        })),
        systemPrompt: prompt.text,
        limits: {
          maxRepairs: limits.maxRepairs ?? DEFAULT_PLAN_LIMITS.maxRepairs,
          maxSteps: limits.maxSteps ?? DEFAULT_PLAN_LIMITS.maxSteps,
        },
        call: {
          tenantId,
          runId,
          stepId: PLANNER_CALLS,
          prompt: { name: PLANNER_PROMPT_NAME, version: prompt.version },
        },
      },
      invoke,
    )
    if (!result.success) {
      log.warn('plan rejected', { attempts: result.attempts, reasons: result.reasons })
      const data = {
        reasons: result.reasons.slice(0, 50),
        attempts: result.attempts,
        model: result.model,
        calls: await callsOf(),
      }
      await bus.publish(PlanRejected.draft(data, context))
      return
    }
    const approval = await approvalFor({
      plan: result.plan,
      requested: run.approval === 'plan',
      teams: catalogue.map(({ definition }) => definition),
      toolsRequiringApproval: async (names) => {
        const registry = tools ? await tools.forTenant(tenantId) : undefined
        return new Set(names.filter((name) => registry?.get(name)?.requiresApproval === true))
      },
    })
    const created = PlanCreated.draft(
      { plan: result.plan, model: result.model, calls: await callsOf(), ...(approval ? { approval } : {}) },
      context,
    )
    const record = {
      plan: created.data.plan,
      model: created.data.model,
      eventId: created.meta.eventId,
      ...(approval ? { approval } : {}),
    }
    if (!(await runs.putPlan({ tenantId, runId }, record))) {
      throw new ChorusError('store.conflict', `run ${runId} got a plan from another delivery`, {
        retryable: true,
      })
    }
    log.info('plan created', {
      steps: result.plan.steps.length,
      attempts: result.attempts,
      promptVersion: prompt.version,
      ...(conversation ? { conversationTurns: conversation.turns.length } : {}),
      ...(approval ? { approval: approval.reasons.map((r) => r.kind) } : {}),
    })
    await bus.publish(created)
  },
})

export type Planner = ReturnType<typeof makePlanner>
