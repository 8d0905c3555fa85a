import { type Actor, ApprovalDecided, type Draft, type Plan } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import type { RunApprovals, RunStore } from '#platform/store/index.ts'
import { DEFAULT_PLAN_LIMITS, validatePlanValue } from '#services/planner/index.ts'
import type { TeamStore } from '#services/workers/index.ts'
import { ApiError, notFound } from './api-error.ts'

export interface ApprovalsDeps {
  runs: Pick<RunStore, 'getRun'>
  approvals: Pick<RunApprovals, 'decide'>
  teams: Pick<TeamStore, 'list'>
  bus: Bus
  /** The planner's step limit: an edited plan is held to it. */
  maxPlanSteps?: number | undefined
}

/** A decision as the API shows it: what, by whom, when, why, and whether the plan was edited. */
export interface DecisionView {
  runId: string
  decision: 'approve' | 'reject' | 'timeout'
  actor: Actor
  decidedAt: string
  reason?: string
  edited: boolean
}

type DecisionDraft = Draft<'ApprovalDecided', ReturnType<typeof ApprovalDecided.data.parse>>

const viewOf = (runId: string, draft: DecisionDraft): DecisionView => ({
  runId,
  decision: draft.data.decision,
  actor: draft.meta.actor,
  decidedAt: draft.meta.occurredAt,
  ...(draft.data.reason ? { reason: draft.data.reason } : {}),
  edited: draft.data.plan !== undefined,
})

const PAST = { approve: 'approved', reject: 'rejected', timeout: 'timed out' } as const

/** The same request again (a retry): same person, same decision, same reason, same plan. */
const sameRequest = (a: DecisionDraft, b: DecisionDraft) =>
  a.meta.actor.kind === b.meta.actor.kind &&
  a.meta.actor.id === b.meta.actor.id &&
  a.data.decision === b.data.decision &&
  a.data.reason === b.data.reason &&
  JSON.stringify(a.data.plan ?? null) === JSON.stringify(b.data.plan ?? null)

/**
 * Decisions on runs that wait for approval (ADR 0023). The first decision is stored on the run (one
 * conditional write, an outbox) and published as ApprovalDecided for the supervisor, which resumes
 * or ends the run. The same request again re-publishes the stored decision; any other decision
 * after the first is a conflict naming the first.
 */
export const makeApprovals = ({ runs, approvals, teams, bus, maxPlanSteps }: ApprovalsDeps) => {
  const checkPlan = checkPlanWith(teams, maxPlanSteps ?? DEFAULT_PLAN_LIMITS.maxSteps)
  return {
    decide: async (input: {
      tenantId: string
      runId: string
      actor: Actor
      decision: 'approve' | 'reject'
      reason?: string | undefined
      plan?: unknown
    }): Promise<DecisionView> => {
      const { tenantId, runId, actor, decision } = input
      const run = await runs.getRun(tenantId, runId)
      if (!run) throw notFound('run', runId)
      if (input.plan !== undefined && decision !== 'approve')
        throw new ApiError('request.invalid', 'only an approval carries a plan', {
          problems: ['body.plan: only with "decision": "approve"'],
        })
      const plan = input.plan === undefined ? undefined : await checkPlan(tenantId, input.plan)
      if (!run.approvalEventId)
        throw new ApiError(
          'approval.notAwaited',
          `run ${runId} does not wait for approval (status ${run.status})`,
        )
      const draft = ApprovalDecided.draft(
        {
          requestedEventId: run.approvalEventId,
          decision,
          ...(input.reason ? { reason: input.reason } : {}),
          ...(plan ? { plan } : {}),
        },
        {
          tenantId,
          runId,
          correlationId: runId,
          causationId: run.approvalEventId,
          route: 'async',
          actor,
        },
      )
      const result = await approvals.decide({ tenantId, runId }, draft)
      if (result.outcome === 'notFound') throw notFound('run', runId)
      if (result.outcome === 'notWaiting')
        throw new ApiError(
          'approval.notAwaited',
          `run ${runId} does not wait for approval (status ${result.status})`,
        )
      const stored = result.decision as DecisionDraft
      if (result.outcome === 'decidedBefore' && !sameRequest(stored, draft)) {
        const first = viewOf(runId, stored)
        throw new ApiError(
          'approval.alreadyDecided',
          `run ${runId} was already ${PAST[first.decision]} by ${first.actor.id} at ${first.decidedAt}`,
        )
      }
      // The first decision, or the same request again: (re-)publish the stored one (the log appends it once).
      await bus.publish(stored)
      return viewOf(runId, stored)
    },
  }
}

/** An edited plan goes through exactly the planner's checks: schema, graph, known teams, step budget. */
const checkPlanWith =
  (teams: Pick<TeamStore, 'list'>, maxSteps: number) =>
  async (tenantId: string, json: unknown): Promise<Plan> => {
    const knownTeams = new Set((await teams.list(tenantId)).map(({ definition }) => definition.name))
    const result = validatePlanValue(json, { knownTeams, maxSteps })
    if (!result.success)
      throw new ApiError('plan.invalid', 'the edited plan is not valid', {
        problems: result.problems.map((p) => `body.plan${p.startsWith('(root)') ? p.slice(6) : `.${p}`}`),
      })
    return result.plan
  }

export type Approvals = ReturnType<typeof makeApprovals>

/**
 * Ends the waits that ran out (ADR 0023): for each run still waiting after its `expiresAt`, records
 * the decision `timeout` (unless a decision was stored first, which is re-published instead: a crash
 * kept it off the bus) and publishes it; the supervisor ends the run `approval.timedOut`. One scan per
 * sweep, whatever the number of waiting runs: a waiting run holds nothing. Returns the runs it handled.
 */
export const makeApprovalSweep =
  ({ approvals, bus }: { approvals: Pick<RunApprovals, 'expired' | 'decide'>; bus: Bus }) =>
  async (now: string): Promise<number> => {
    const waits = await approvals.expired(now)
    for (const wait of waits) {
      const { tenantId, runId, approvalEventId } = wait
      const timeout = ApprovalDecided.draft(
        {
          requestedEventId: approvalEventId,
          decision: 'timeout',
          reason: `no decision by ${wait.approvalExpiresAt}`,
        },
        {
          tenantId,
          runId,
          correlationId: runId,
          causationId: approvalEventId,
          route: 'async',
          actor: { kind: 'system', id: 'chorus.sweeper' },
        },
      )
      const result = wait.decision
        ? ({ outcome: 'decidedBefore', decision: wait.decision } as const)
        : await approvals.decide({ tenantId, runId }, timeout)
      if (result.outcome === 'decided' || result.outcome === 'decidedBefore')
        await bus.publish(result.decision)
    }
    return waits.length
  }
