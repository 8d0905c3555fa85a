import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId, type Plan, PlanCreated } from '#events'
import { http, startTestChorus } from './testing.ts'

type Audit = { verdict: { verdict: string; difference?: string } }

/**
 * An event written before its current version existed (the compatibility policy, ADR 0032): a
 * PlanCreated v1, as the planner wrote it before v2 (ADR 0023), already in a run's log. Today's
 * supervisor runs the plan, the auditor re-derives the run and a replay rebuilds it, all reading it
 * as a v2; the log keeps the bytes it was written with.
 */
describe('a PlanCreated v1 already in the log, after v2 exists (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  const tenantId = 'local'
  const runId = newId()
  const plan: Plan = {
    goal: 'Explain tides',
    steps: [
      { id: 'research', team: 'researcher', instruction: 'Collect facts about tides', dependsOn: [] },
      { id: 'write', team: 'writer', instruction: 'Write the answer', dependsOn: ['research'] },
    ],
  }

  beforeAll(async () => {
    chorus = await startTestChorus()
    // A first run seeds the tenant's default teams, as it would have for the old run.
    await http(chorus.url, 'POST', '/chats/seed/messages', { content: 'Explain waves' })
    await chorus.idle()
    // What the planner did before v2: the run's plan stored, then a PlanCreated v1 published.
    await chorus.stores.runs.createRun({ tenantId, runId, request: plan.goal })
    const model = { provider: 'offline', model: 'offline', offline: true }
    const draft = PlanCreated.draft(
      { plan, model },
      {
        tenantId,
        runId,
        correlationId: runId,
        causationId: null,
        route: 'async',
        actor: { kind: 'system', id: 'chorus.planner' },
      },
    )
    await chorus.stores.runs.putPlan({ tenantId, runId }, { plan, model, eventId: draft.meta.eventId })
    await chorus.bus.publish({ ...draft, meta: { ...draft.meta, version: 1 } })
    await chorus.idle()
  }, 120_000)
  afterAll(() => chorus.close())

  it('keeps the v1 bytes in the log and reads them as a v2', async () => {
    const [stored] = await chorus.stores.log.chain(tenantId, runId)
    expect(JSON.parse(stored?.body ?? '{}')).toMatchObject({ meta: { name: 'PlanCreated', version: 1 } })
    const [read] = await chorus.stores.log.list(tenantId, runId)
    expect(read && PlanCreated.is(read) && read.data.plan).toEqual(plan)
  })

  it('runs the plan to its end with the current supervisor', async () => {
    const run = (await http(chorus.url, 'GET', `/runs/${runId}`)).json as { status: string }
    expect(run.status).toBe('completed')
    const names = (await chorus.stores.log.list(tenantId, runId)).map((e) => e.meta.name)
    expect(names).toEqual([
      'PlanCreated',
      'TaskQueued',
      'StepCompleted',
      'TaskQueued',
      'StepCompleted',
      'RunCompleted',
    ])
  })

  it('audits as a match: the chain over the stored bytes, the re-derivation over the upcast plan', async () => {
    const audit = (await http(chorus.url, 'GET', `/runs/${runId}/audit`)).json as Audit
    expect(audit.verdict).toEqual({ verdict: 'match' })
  })

  it('replays into a view equal to the live one', async () => {
    const started = await chorus.replayer.start({
      from: new Date(0).toISOString(),
      to: new Date().toISOString(),
      name: 'old-plan',
      tenantId,
      runId,
    })
    await chorus.idle()
    expect(started.events).toBe(6)
    expect(await chorus.replayer.compare(tenantId, runId, 'old-plan')).toMatchObject({
      equal: true,
      replayed: { status: 'completed' },
    })
  })
})
