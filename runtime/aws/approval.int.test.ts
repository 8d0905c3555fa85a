import { afterEach, describe, expect, it } from 'vitest'
import { apiEvent, lambdaContext } from '../lambda/testing.ts'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { makeEmulatorDriver } from './emulator-driver.ts'
import { startTestStack, type TestStack } from './testing/emulator.ts'

type RunBody = {
  runId: string
  status: string
  plan?: { goal: string; steps: { id: string }[] }
  failure?: { code: string; message: string }
  steps: { stepId: string; status: string }[]
  modelCalls: { stepId: string; conversation?: string }[]
  output?: string
  events: { name: string; actor?: { kind: string; id: string } }[]
}

/**
 * Plan approval and chat memory on the AWS runtime over moto (ADR 0023): every event travels
 * EventBridge → SQS → the consumers; a waiting run has no message in any queue, and the sweeper's
 * call ends a wait that ran out.
 */
describe('plan approval on the AWS runtime (moto)', () => {
  let stack: TestStack | undefined
  let runtime: AwsRuntime | undefined
  afterEach(() => {
    runtime?.close()
    stack?.close()
  })

  const start = async (env: Record<string, string> = {}) => {
    stack = await startTestStack('approval', {
      env: { CHORUS_API_ROUTE: 'async', CHORUS_SYNC_BUDGET_MS: '50', CHORUS_SEED_TENANT: 'acme', ...env },
    })
    runtime = await startAwsRuntime({ config: stack.config, clients: stack.clients })
    const driver = makeEmulatorDriver({
      clients: stack.clients,
      stack: stack.stack,
      handlers: runtime.consumers,
    })
    const api = runtime.core.handlers
    const post = async (chatId: string, body: Record<string, unknown>) => {
      const res = await api.postMessage(
        apiEvent('POST', '/chats/{chatId}/messages', { chatId }, body),
        lambdaContext(),
      )
      expect(res.statusCode).toBe(202)
      return (JSON.parse(res.body) as { runId: string }).runId
    }
    const view = async (runId: string) =>
      JSON.parse(
        (await api.getRun(apiEvent('GET', '/runs/{runId}', { runId }), lambdaContext())).body,
      ) as RunBody
    const decide = (runId: string, body: Record<string, unknown>) =>
      api.decideApproval(apiEvent('POST', '/runs/{runId}/approval', { runId }, body), lambdaContext())
    const auditOf = async (runId: string) =>
      JSON.parse(
        (await api.auditRun(apiEvent('GET', '/runs/{runId}/audit', { runId }), lambdaContext())).body,
      ) as {
        verdict: unknown
      }
    /** Posts a message that must wait, drains the queues, and checks that it waits. */
    const waiting = async (chatId: string) => {
      const runId = await post(chatId, { content: 'Explain tides', approval: 'plan' })
      await driver.drain()
      expect((await view(runId)).status).toBe('awaiting_approval')
      return runId
    }
    return { driver, view, decide, auditOf, waiting, post }
  }

  it('approves, rejects, edits (an invalid edit is a 400) and names the first decision on a second one', async () => {
    const env = await start()
    const approved = await env.waiting('approve')
    expect((await env.view(approved)).events.map((e) => e.name)).toEqual([
      'RunRequested',
      'PlanCreated',
      'ApprovalRequested',
    ])
    expect((await env.decide(approved, { decision: 'approve' })).statusCode).toBe(202)
    await env.driver.drain()
    expect((await env.view(approved)).status).toBe('completed')
    const second = await env.decide(approved, { decision: 'reject', reason: 'changed my mind' })
    expect(second.statusCode).toBe(409)
    expect(JSON.parse(second.body)).toMatchObject({ error: { code: 'approval.alreadyDecided' } })
    expect((await env.auditOf(approved)).verdict).toEqual({ verdict: 'match' })

    const rejected = await env.waiting('reject')
    expect((await env.decide(rejected, { decision: 'reject', reason: 'no' })).statusCode).toBe(202)
    await env.driver.drain()
    const failed = await env.view(rejected)
    expect(failed.failure?.code).toBe('approval.rejected')
    expect(failed.events.find((e) => e.name === 'ApprovalDecided')?.actor).toMatchObject({ kind: 'user' })
    expect((await env.auditOf(rejected)).verdict).toEqual({ verdict: 'match' })

    const edited = await env.waiting('edit')
    const invalid = await env.decide(edited, {
      decision: 'approve',
      plan: { goal: 'g', steps: [{ id: 'a', team: 'ghost', instruction: 'x', dependsOn: ['a'] }] },
    })
    expect(invalid.statusCode).toBe(400)
    expect(JSON.parse(invalid.body)).toMatchObject({ error: { code: 'plan.invalid' } })
    const plan = {
      goal: 'Short',
      steps: [{ id: 'w', team: 'writer', instruction: 'Write one line', dependsOn: [] }],
    }
    expect((await env.decide(edited, { decision: 'approve', plan })).statusCode).toBe(202)
    await env.driver.drain()
    const done = await env.view(edited)
    expect(done.status).toBe('completed')
    expect(done.plan?.goal).toBe('Short')
    expect(done.steps.map((s) => s.stepId)).toEqual(['w'])
    expect((await env.auditOf(edited)).verdict).toEqual({ verdict: 'match' })
  }, 300_000)

  it('ends a wait that ran out when the sweeper runs: approval.timedOut, and the audit matches', async () => {
    const env = await start({ CHORUS_APPROVAL_TIMEOUT_MS: '1' })
    const runId = await env.waiting('late')
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(await runtime?.core.expireApprovals(new Date().toISOString())).toBe(1)
    await env.driver.drain()
    const ended = await env.view(runId)
    expect(ended.failure?.code).toBe('approval.timedOut')
    expect((await env.decide(runId, { decision: 'approve' })).statusCode).toBe(409)
    expect((await env.auditOf(runId)).verdict).toEqual({ verdict: 'match' })
  }, 180_000)

  it('gives the planner the chat before: the second turn of a chat plans with the first answer', async () => {
    const env = await start()
    const first = await env.post('memory', { content: 'Explain how solar panels work' })
    await env.driver.drain()
    const answer = (await env.view(first)).output ?? ''
    expect(answer).not.toBe('')
    const second = await env.post('memory', { content: 'Make it shorter' })
    await env.driver.drain()
    const run = await env.view(second)
    const window = JSON.parse(run.modelCalls.find((c) => c.stepId === '@planner')?.conversation ?? '{}') as {
      turns: { request: string; answer?: string }[]
    }
    expect(window.turns).toEqual([{ request: 'Explain how solar panels work', answer }])
    expect(run.output).toContain(answer.slice(0, 60))
  }, 240_000)
})
