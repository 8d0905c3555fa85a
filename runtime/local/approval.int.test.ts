import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http, sse, startTestChorus } from './testing.ts'

type Run = {
  runId: string
  status: string
  plan?: { goal: string; steps: { id: string; team: string; instruction: string }[] }
  failure?: { code: string; message: string }
  steps: { stepId: string; status: string }[]
  modelCalls: { stepId: string; conversation?: string }[]
  output?: string
  events: {
    name: string
    version: number
    actor: { kind: string; id: string }
    data: Record<string, unknown>
  }[]
}
type Audit = {
  verdict: { verdict: string; difference?: string }
  approval?: { reasons: string[]; decision?: { decision: string; by: { id: string }; edited: boolean } }
}

/**
 * Plan approval and conversation memory on the embedded runtime (ADR 0023), offline model: a run
 * asked to wait stops after its plan, a decision resumes or ends it, once; the audit re-derives it.
 */
describe('plan approval and chat memory (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  const call = (method: string, path: string, body?: unknown) => http(chorus.url, method, path, body)
  const run = async (runId: string) => (await call('GET', `/runs/${runId}`)).json as Run
  const audit = async (runId: string) => (await call('GET', `/runs/${runId}/audit`)).json as Audit

  /** Posts a message that must wait for approval; the API answers 202 as soon as the run waits. */
  const waiting = async (chatId: string, content = 'Explain how tides work') => {
    const res = await call('POST', `/chats/${chatId}/messages`, { content, approval: 'plan' })
    expect(res.status).toBe(202)
    const { runId } = res.json as { runId: string }
    await chorus.idle()
    const paused = await run(runId)
    expect(paused.status).toBe('awaiting_approval')
    return { runId, paused }
  }

  beforeAll(async () => {
    chorus = await startTestChorus({ CHORUS_APPROVAL_TIMEOUT_MS: '86400000' })
  })
  afterAll(() => chorus.close())

  it('stops after the plan, shows the pause in the stream, and runs once approved; a second decision is a 409 naming the first', async () => {
    const { runId, paused } = await waiting('approve')
    const names = paused.events.map((e) => e.name)
    expect(names).toEqual(['RunRequested', 'PlanCreated', 'ApprovalRequested'])
    expect(paused.events[1]?.version).toBe(2)
    expect(paused.events[2]?.data).toMatchObject({ reasons: [{ kind: 'request' }] })
    expect(paused.steps).toEqual([])

    const stream = sse(chorus.url, `/runs/${runId}/events`, {}, 60_000)
    const approved = await call('POST', `/runs/${runId}/approval`, {
      decision: 'approve',
      reason: 'looks fine',
    })
    expect(approved.status).toBe(202)
    expect(approved.json).toMatchObject({ decision: 'approve', edited: false, reason: 'looks fine' })
    await chorus.idle()
    const done = await run(runId)
    expect(done.status).toBe('completed')
    const decided = done.events.find((e) => e.name === 'ApprovalDecided')
    expect(decided?.actor.kind).toBe('user')
    expect(done.events.findIndex((e) => e.name === 'TaskQueued')).toBeGreaterThan(
      done.events.findIndex((e) => e.name === 'ApprovalDecided'),
    )
    const streamed = (await stream).messages.map((m) => m.event)
    expect(streamed.slice(0, 4)).toEqual([
      'RunRequested',
      'PlanCreated',
      'ApprovalRequested',
      'ApprovalDecided',
    ])
    expect(streamed.at(-1)).toBe('RunCompleted')

    // The same request again answers the same; another decision names the first.
    const again = await call('POST', `/runs/${runId}/approval`, { decision: 'approve', reason: 'looks fine' })
    expect(again.status).toBe(202)
    expect((again.json as { decidedAt: string }).decidedAt).toBe(
      (approved.json as { decidedAt: string }).decidedAt,
    )
    const late = await call('POST', `/runs/${runId}/approval`, { decision: 'reject' })
    expect(late.status).toBe(409)
    expect(late.json).toMatchObject({ error: { code: 'approval.alreadyDecided' } })
    expect((late.json as { error: { message: string } }).error.message).toMatch(/already approved by .+ at /)
    expect((await run(runId)).events.filter((e) => e.name === 'ApprovalDecided')).toHaveLength(1)

    const report = await audit(runId)
    expect(report.verdict).toEqual({ verdict: 'match' })
    expect(report.approval?.decision).toMatchObject({ decision: 'approve', edited: false })
    expect(report.approval?.reasons).toEqual(['the request asked for approval of its plan'])
  }, 120_000)

  it('ends a rejected run with approval.rejected, naming who and why; no step runs', async () => {
    const { runId } = await waiting('reject')
    const res = await call('POST', `/runs/${runId}/approval`, { decision: 'reject', reason: 'not now' })
    expect(res.status).toBe(202)
    await chorus.idle()
    const ended = await run(runId)
    expect(ended.status).toBe('failed')
    expect(ended.failure?.code).toBe('approval.rejected')
    expect(ended.failure?.message).toMatch(/rejected by .+: not now/)
    expect(ended.events.some((e) => e.name === 'TaskQueued')).toBe(false)
    expect((await audit(runId)).verdict).toEqual({ verdict: 'match' })
  }, 120_000)

  it('runs an edited plan checked like the planner checks one; an invalid edit is a 400 with every problem', async () => {
    const { runId } = await waiting('edit')
    const invalid = await call('POST', `/runs/${runId}/approval`, {
      decision: 'approve',
      plan: {
        goal: 'g',
        steps: [
          { id: 'a', team: 'astronaut', instruction: 'fly', dependsOn: ['b'] },
          { id: 'b', team: 'writer', instruction: 'write', dependsOn: ['a'] },
        ],
      },
    })
    expect(invalid.status).toBe(400)
    const problems = (invalid.json as { error: { code: string; problems: string[] } }).error
    expect(problems.code).toBe('plan.invalid')
    expect(problems.problems.join('\n')).toMatch(/body\.plan\.steps\.0\.team: unknown team "astronaut"/)
    expect(problems.problems.join('\n')).toMatch(/dependency cycle/)
    expect((await run(runId)).status).toBe('awaiting_approval')

    const edited = {
      goal: 'A haiku about tides',
      steps: [{ id: 'poem', team: 'writer', instruction: 'Write a haiku about tides', dependsOn: [] }],
    }
    const ok = await call('POST', `/runs/${runId}/approval`, { decision: 'approve', plan: edited })
    expect(ok.status).toBe(202)
    expect(ok.json).toMatchObject({ edited: true })
    await chorus.idle()
    const done = await run(runId)
    expect(done.status).toBe('completed')
    expect(done.plan?.goal).toBe('A haiku about tides')
    expect(done.steps.map((s) => s.stepId)).toEqual(['poem'])
    expect(done.output).toContain('Write a haiku about tides')
    const report = await audit(runId)
    expect(report.verdict).toEqual({ verdict: 'match' })
    expect(report.approval?.decision?.edited).toBe(true)
  }, 120_000)

  it('waits for a team marked requiresApproval, without the request asking', async () => {
    const writer = (await call('GET', '/teams/writer')).json as { definition: Record<string, unknown> }
    expect(
      (await call('PUT', '/teams/writer', { ...writer.definition, requiresApproval: true })).status,
    ).toBe(200)
    try {
      const res = await call('POST', '/chats/team-flag/messages', { content: 'Explain how tides work' })
      expect(res.status).toBe(202)
      await chorus.idle()
      const paused = await run((res.json as { runId: string }).runId)
      expect(paused.status).toBe('awaiting_approval')
      expect(paused.events.find((e) => e.name === 'ApprovalRequested')?.data).toMatchObject({
        reasons: [{ kind: 'team', team: 'writer' }],
      })
      await call('POST', `/runs/${paused.runId}/approval`, { decision: 'reject' })
      await chorus.idle()
    } finally {
      await call('PUT', '/teams/writer', { ...writer.definition, requiresApproval: false })
    }
  }, 120_000)

  it('a decision on a run that does not wait is a 409; an unknown run a 404', async () => {
    const res = await call('POST', '/chats/plain/messages', { content: 'Explain how tides work' })
    expect(res.status).toBe(200)
    const { runId } = res.json as { runId: string }
    const answer = await call('POST', `/runs/${runId}/approval`, { decision: 'approve' })
    expect(answer.status).toBe(409)
    expect(answer.json).toMatchObject({ error: { code: 'approval.notAwaited' } })
    expect(
      (await call('POST', '/runs/01JD0000RXN00000000000000A/approval', { decision: 'approve' })).status,
    ).toBe(404)
  }, 60_000)

  it('gives a chat its earlier turns: "make it shorter" works on the previous answer, and the recorded planner call shows the window', async () => {
    const first = await call('POST', '/chats/memory/messages', { content: 'Explain how solar panels work' })
    expect(first.status).toBe(200)
    const firstReply = (first.json as { reply: string }).reply
    const second = await call('POST', '/chats/memory/messages', { content: 'Make it shorter' })
    expect(second.status).toBe(200)
    const secondRun = await run((second.json as { runId: string }).runId)
    const planner = secondRun.modelCalls.find((c) => c.stepId === '@planner')
    const window = JSON.parse(planner?.conversation ?? '{}') as {
      turns: { request: string; answer?: string }[]
    }
    expect(window.turns).toEqual([{ request: 'Explain how solar panels work', answer: firstReply }])
    const last = secondRun.plan?.steps.at(-1)
    expect(last?.instruction).toContain('Explain how solar panels work')
    expect(last?.instruction).toContain(firstReply.slice(0, 60))
    expect((second.json as { reply: string }).reply).toContain(firstReply.slice(0, 60))
    // A chat's first message has no window.
    const firstRun = await run((first.json as { runId: string }).runId)
    expect(firstRun.modelCalls.find((c) => c.stepId === '@planner')?.conversation).toBeUndefined()
  }, 120_000)
})

describe('an approval that times out (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  beforeAll(async () => {
    // The wait ends at once; the sweep is called by the test, not by the timer.
    chorus = await startTestChorus({ CHORUS_APPROVAL_TIMEOUT_MS: '1', CHORUS_APPROVAL_SWEEP_MS: '3600000' })
  })
  afterAll(() => chorus.close())

  it('ends the run approval.timedOut once the sweep finds it; a late approval is a 409 naming the timeout', async () => {
    const call = (method: string, path: string, body?: unknown) => http(chorus.url, method, path, body)
    const res = await call('POST', '/chats/late/messages', { content: 'Explain tides', approval: 'plan' })
    const { runId } = res.json as { runId: string }
    await chorus.idle()
    expect(((await call('GET', `/runs/${runId}`)).json as Run).status).toBe('awaiting_approval')
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(await chorus.expireApprovals()).toBe(1)
    await chorus.idle()
    const ended = (await call('GET', `/runs/${runId}`)).json as Run
    expect(ended.status).toBe('failed')
    expect(ended.failure?.code).toBe('approval.timedOut')
    expect(ended.events.find((e) => e.name === 'ApprovalDecided')?.actor).toEqual({
      kind: 'system',
      id: 'chorus.sweeper',
    })
    const late = await call('POST', `/runs/${runId}/approval`, { decision: 'approve' })
    expect(late.status).toBe(409)
    expect((late.json as { error: { message: string } }).error.message).toMatch(
      /already timed out by chorus.sweeper/,
    )
    expect(await chorus.expireApprovals()).toBe(0)
    expect(((await call('GET', `/runs/${runId}/audit`)).json as Audit).verdict).toEqual({ verdict: 'match' })
  }, 120_000)
})
