import type { z } from 'zod'
import {
  type ApprovalDecided,
  ApprovalRequested,
  causedBy,
  type Envelope,
  type Failure,
  newId,
  type PlanCreated,
} from '#events'
import type { Bus } from '#platform/bus/index.ts'
import { ChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { RunApprovals } from '#platform/store/index.ts'

type EventOf<D extends { name: string; data: z.ZodType }> = Envelope<D['name'], z.infer<D['data']>>

interface ApprovalGateDeps {
  bus: Bus
  logger: Logger
  /** Pauses runs whose plan must be approved; a plan that needs it fails the run without. */
  approvals?: Pick<RunApprovals, 'pause'> | undefined
  /** How long a run waits for a decision before it ends `approval.timedOut`. */
  timeoutMs: number
}

/** The approval gate of ADR 0023, as the supervisor meets it. */
export const makeApprovalGate = ({ bus, logger, approvals, timeoutMs }: ApprovalGateDeps) => ({
  /**
   * A plan the planner says must wait pauses its run once (`awaiting_approval`, ApprovalRequested
   * under the id stored with the pause). True while the run waits, so nothing is dispatched; false
   * once a decision moved it on (a redelivered PlanCreated).
   */
  awaits: async (event: EventOf<typeof PlanCreated>): Promise<boolean> => {
    if (!event.data.approval) return false
    if (!approvals)
      throw new ChorusError(
        'config.invalid',
        'the plan must be approved, but this supervisor cannot pause a run',
      )
    const { tenantId, runId } = event.meta
    const expiresAt = new Date(Date.now() + timeoutMs).toISOString()
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
  },

  /** Why a decision ended the run: rejected by someone, or nobody decided in time. */
  declined: (event: EventOf<typeof ApprovalDecided>): Failure => {
    const { decision, reason } = event.data
    const message =
      decision === 'reject'
        ? `plan rejected by ${event.meta.actor.id}${reason ? `: ${reason}` : ''}`
        : `no decision on the plan in time${reason ? `: ${reason}` : ''}`
    const code = decision === 'reject' ? 'approval.rejected' : 'approval.timedOut'
    return { code, message: message.slice(0, 4000), retryable: false }
  },
})
