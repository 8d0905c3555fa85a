import { GetItemCommand, UpdateItemCommand } from 'dynamodb-toolbox'
import { z } from 'zod'
import { type Draft, DraftMeta } from '#events'
import { makeRunEntity } from './entities/run.ts'
import { gsi } from './keys.ts'
import { scanRuns } from './run-scan.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

type RunKey = { tenantId: string; runId: string }

/** A stored ApprovalDecided draft: our own JSON, checked on the way back in. */
const StoredDraft = z.object({ meta: DraftMeta, data: z.unknown() })
const readDraft = (json: string) => StoredDraft.parse(JSON.parse(json)) as Draft

/** What `decide` found: the decision it stored, the one stored before it, or a run that does not wait. */
export type DecideResult =
  | { outcome: 'decided'; decision: Draft }
  | { outcome: 'decidedBefore'; decision: Draft }
  | { outcome: 'notWaiting'; status: string }
  | { outcome: 'notFound' }

/** A run whose wait for approval ended before a decision came (or whose decision never left). */
export interface ExpiredApproval extends RunKey {
  approvalEventId: string
  approvalExpiresAt: string
  /** A decision stored but maybe never published (a crash between the write and the publish). */
  decision?: Draft
}

/**
 * The approval of a run's plan (ADR 0023): the pause, the first decision, and the waits that ran
 * out. Every change is one conditional write on the run item. Costs: the pause one update (and one
 * read when a retry finds it paused already); a decision one update (one read when another decision
 * was first); the sweep one scan of the table (as the run-start sweep).
 */
export interface RunApprovals {
  /**
   * Moves a run from `requested` to `awaiting_approval`, storing the id its ApprovalRequested is
   * published under and when the wait ends. A retry gets what the first attempt stored; undefined
   * when the run is in another status (ended, or running without approval).
   */
  pause(
    key: RunKey,
    input: { eventId: string; expiresAt: string },
  ): Promise<{ eventId: string; expiresAt: string } | undefined>
  /**
   * Stores the first decision on a waiting run: the ApprovalDecided draft, an outbox re-published
   * by a retry. A later decision gets the first one back, whether or not the run moved since.
   */
  decide(key: RunKey, decision: Draft): Promise<DecideResult>
  /** Runs still waiting whose wait ended before `now` (ISO), across tenants. */
  expired(now: string): Promise<ExpiredApproval[]>
}

export const makeRunApprovals = (table: ChorusTable, clock: () => Date = () => new Date()): RunApprovals => {
  const runs = makeRunEntity(table)
  const read = async ({ tenantId, runId }: RunKey) =>
    (await runs.build(GetItemCommand).key({ tenantId, runId }).options({ consistent: true }).send()).Item

  return {
    pause: async (key, { eventId, expiresAt }) => {
      try {
        await runs
          .build(UpdateItemCommand)
          .item({
            ...key,
            status: 'awaiting_approval',
            // GSI keys are not re-derived on update: the run moves to its new status partition here.
            GSI2PK: gsi.runStatusPk(key.tenantId, 'awaiting_approval'),
            updatedAt: clock().toISOString(),
            approvalEventId: eventId,
            approvalExpiresAt: expiresAt,
          })
          .options({ condition: { attr: 'status', eq: 'requested' } })
          .send()
        return { eventId, expiresAt }
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
      }
      const run = await read(key)
      return run?.status === 'awaiting_approval' && run.approvalEventId && run.approvalExpiresAt
        ? { eventId: run.approvalEventId, expiresAt: run.approvalExpiresAt }
        : undefined
    },

    decide: async (key, decision) => {
      try {
        await runs
          .build(UpdateItemCommand)
          .item({ ...key, approvalDecision: JSON.stringify(decision) })
          .options({
            condition: {
              and: [
                { attr: 'status', eq: 'awaiting_approval' },
                { attr: 'approvalDecision', exists: false },
              ],
            },
          })
          .send()
        return { outcome: 'decided', decision }
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
      }
      const run = await read(key)
      if (!run) return { outcome: 'notFound' }
      if (run.approvalDecision) return { outcome: 'decidedBefore', decision: readDraft(run.approvalDecision) }
      return { outcome: 'notWaiting', status: run.status }
    },

    expired: async (now) => {
      const found = await scanRuns(table, runs, [
        { attr: 'status', eq: 'awaiting_approval' },
        { attr: 'approvalExpiresAt', lt: now },
      ])
      return found.flatMap((item): ExpiredApproval[] =>
        item.approvalEventId && item.approvalExpiresAt
          ? [
              {
                tenantId: item.tenantId,
                runId: item.runId,
                approvalEventId: item.approvalEventId,
                approvalExpiresAt: item.approvalExpiresAt,
                ...(item.approvalDecision ? { decision: readDraft(item.approvalDecision) } : {}),
              },
            ]
          : [],
      )
    },
  }
}
