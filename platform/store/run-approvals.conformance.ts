import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApprovalDecided, newId } from '#events'
import { makeRunApprovals } from './run-approvals.ts'
import { makeRunStore } from './run-store.ts'
import type { ChorusTable } from './table.ts'

const decision = (tenantId: string, runId: string, choice: 'approve' | 'reject' | 'timeout', who = 'alice') =>
  ApprovalDecided.draft(
    { requestedEventId: newId(), decision: choice },
    {
      tenantId,
      runId,
      correlationId: runId,
      causationId: null,
      route: 'async',
      actor: { kind: 'user', id: who },
    },
  )

/**
 * What the approval of a plan relies on (ADR 0023), for any DynamoDB API: the pause only from
 * `requested`, the first decision wins and later ones get it back, waits that ran out are found,
 * and an edited plan is revision 2, read as the run's plan. Run on dynalite and on moto.
 */
export const describeApprovalConformance = (
  name: string,
  setup: () => Promise<{ table: ChorusTable; close: () => Promise<void> }>,
) =>
  describe(`run approvals: ${name}`, () => {
    let env: { table: ChorusTable; close: () => Promise<void> }
    beforeAll(async () => {
      env = await setup()
    })
    afterAll(() => env.close())

    const newRun = async () => {
      const runs = makeRunStore(env.table)
      const key = { tenantId: 'acme', runId: newId() }
      await runs.createRun({ ...key, request: 'approve me', approval: 'plan' })
      return { runs, key }
    }

    it('pauses a requested run once, a retry gets the stored id, and the run lists as awaiting_approval', async () => {
      const { runs, key } = await newRun()
      const approvals = makeRunApprovals(env.table)
      const first = await approvals.pause(key, { eventId: newId(), expiresAt: '2030-01-01T00:00:00.000Z' })
      const again = await approvals.pause(key, { eventId: newId(), expiresAt: '2031-01-01T00:00:00.000Z' })
      expect(again).toEqual(first)
      const run = await runs.getRun(key.tenantId, key.runId)
      expect(run).toMatchObject({
        status: 'awaiting_approval',
        approval: 'plan',
        ...{ approvalEventId: first?.eventId },
      })
      expect(run).not.toHaveProperty('approvalDecision')
    })

    it('does not pause a run that is running or ended', async () => {
      const { runs, key } = await newRun()
      await runs.transitionRun(key, ['requested'], 'running')
      const approvals = makeRunApprovals(env.table)
      expect(
        await approvals.pause(key, { eventId: newId(), expiresAt: '2030-01-01T00:00:00.000Z' }),
      ).toBeUndefined()
    })

    it('keeps the first decision; a second, concurrent or late, gets the first back', async () => {
      const { key } = await newRun()
      const approvals = makeRunApprovals(env.table)
      await approvals.pause(key, { eventId: newId(), expiresAt: '2030-01-01T00:00:00.000Z' })
      const results = await Promise.all([
        approvals.decide(key, decision(key.tenantId, key.runId, 'approve', 'alice')),
        approvals.decide(key, decision(key.tenantId, key.runId, 'reject', 'bob')),
      ])
      const won = results.filter((r) => r.outcome === 'decided')
      expect(won).toHaveLength(1)
      const lost = results.find((r) => r.outcome === 'decidedBefore')
      expect(lost?.outcome === 'decidedBefore' && lost.decision.meta.eventId).toBe(
        won[0]?.outcome === 'decided' && won[0].decision.meta.eventId,
      )
    })

    it('refuses a decision on a run that does not wait, and names a missing run', async () => {
      const { key } = await newRun()
      const approvals = makeRunApprovals(env.table)
      expect(await approvals.decide(key, decision(key.tenantId, key.runId, 'approve'))).toEqual({
        outcome: 'notWaiting',
        status: 'requested',
      })
      const missing = { tenantId: 'acme', runId: newId() }
      expect(await approvals.decide(missing, decision('acme', missing.runId, 'approve'))).toEqual({
        outcome: 'notFound',
      })
    })

    it('finds the waits that ran out, with a decision stored but maybe never published', async () => {
      const approvals = makeRunApprovals(env.table)
      const early = await newRun()
      const late = await newRun()
      await approvals.pause(early.key, { eventId: newId(), expiresAt: '2001-01-01T00:00:00.000Z' })
      await approvals.pause(late.key, { eventId: newId(), expiresAt: '2999-01-01T00:00:00.000Z' })
      const stored = decision(early.key.tenantId, early.key.runId, 'approve')
      await approvals.decide(early.key, stored)
      const found = await approvals.expired(new Date().toISOString())
      const ids = found.map((f) => f.runId)
      expect(ids).toContain(early.key.runId)
      expect(ids).not.toContain(late.key.runId)
      expect(found.find((f) => f.runId === early.key.runId)?.decision?.meta.eventId).toBe(stored.meta.eventId)
    })

    it('stores an edited plan as revision 2, read as the run plan; revision 1 keeps its approval reasons', async () => {
      const { runs, key } = await newRun()
      const model = { provider: 'offline', model: 'm', offline: true }
      const plan = { goal: 'g', steps: [{ id: 'a', team: 'writer', instruction: 'write', dependsOn: [] }] }
      const approval = { reasons: [{ kind: 'request' as const }] }
      expect(await runs.putPlan(key, { plan, model, eventId: newId(), approval })).toBe(true)
      expect(await runs.getPlan(key.tenantId, key.runId)).toMatchObject({ revision: 1, approval, plan })
      const edited = { ...plan, goal: 'edited' }
      expect(await runs.putPlan(key, { plan: edited, model, eventId: newId(), revision: 2 })).toBe(true)
      expect(await runs.putPlan(key, { plan: edited, model, eventId: newId(), revision: 2 })).toBe(false)
      const latest = await runs.getPlan(key.tenantId, key.runId)
      expect(latest).toMatchObject({ revision: 2, plan: { goal: 'edited' } })
      expect(latest).not.toHaveProperty('approval')
    })
  })
