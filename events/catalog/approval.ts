import { z } from 'zod'
import { defineEvent } from '../define-event.ts'
import { EventId, TeamName } from '../ids.ts'
import { Plan } from './plan.ts'

/**
 * Why a plan waits for a person: the request asked for it (`approval: "plan"`), or a team the plan
 * uses, or a tool one of its teams declares, is marked `requiresApproval`.
 */
export const ApprovalReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request') }).strict(),
  z.object({ kind: z.literal('team'), team: TeamName }).strict(),
  z.object({ kind: z.literal('tool'), team: TeamName, tool: z.string().min(1).max(64) }).strict(),
])
export type ApprovalReason = z.infer<typeof ApprovalReason>

/** The planner's statement that a plan must wait for a decision, and why (PlanCreated v2). */
export const ApprovalRequirement = z.object({ reasons: z.array(ApprovalReason).min(1).max(50) }).strict()
export type ApprovalRequirement = z.infer<typeof ApprovalRequirement>

/** One line per reason, as the CLI and the docs say it. */
export const describeApprovalReason = (reason: ApprovalReason): string =>
  reason.kind === 'request'
    ? 'the request asked for approval of its plan'
    : reason.kind === 'team'
      ? `team ${reason.team} requires approval`
      : `tool ${reason.tool} (of team ${reason.team}) requires approval`

export const ApprovalRequested = defineEvent({
  name: 'ApprovalRequested',
  version: 1,
  source: 'chorus.supervisor',
  description:
    'The run stopped after its plan and waits for a person (status awaiting_approval): POST /runs/{runId}/approval approves, edits or rejects it; without a decision by expiresAt it ends approval.timedOut.',
  data: z
    .object({
      /** The PlanCreated whose plan waits. */
      planEventId: EventId,
      reasons: z.array(ApprovalReason).min(1).max(50),
      /** When the run ends by itself without a decision. */
      expiresAt: z.iso.datetime(),
    })
    .strict(),
})

/** `approve` and `reject` come from a person; `timeout` from the sweeper once `expiresAt` passed. */
export const ApprovalDecision = z.enum(['approve', 'reject', 'timeout'])
export type ApprovalDecision = z.infer<typeof ApprovalDecision>

export const ApprovalDecided = defineEvent({
  name: 'ApprovalDecided',
  version: 1,
  source: 'chorus.api',
  description:
    'Someone (meta.actor, at meta.occurredAt) decided on a run that waits for approval: approve (with an edited plan, validated like the planner validates one, when `plan` is set), reject, or the approval timed out. The supervisor resumes or ends the run.',
  data: z
    .object({
      /** The ApprovalRequested this decision answers. */
      requestedEventId: EventId,
      decision: ApprovalDecision,
      reason: z.string().min(1).max(1000).optional(),
      /** An edited plan that replaces the planner's (revision 2 of the run's plan). */
      plan: Plan.optional(),
    })
    .strict(),
})
