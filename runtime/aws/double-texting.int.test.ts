import { afterEach, describe, expect, it } from 'vitest'
import { apiEvent, lambdaContext } from '../lambda/testing.ts'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { makeEmulatorDriver } from './emulator-driver.ts'
import { startTestStack, type TestStack } from './testing/emulator.ts'

type RunBody = {
  runId: string
  status: string
  failure?: { code: string; message: string }
  afterRunId?: string
  discardedAt?: string
}

/**
 * Double-texting on the AWS runtime over moto (ADR 0029): three messages posted at once to one
 * chat whose runs wait for approval; every event travels EventBridge → SQS → the consumers, and a
 * queued run is released by the projector's delivery of the previous run's end.
 */
// Each case drives a dozen runs through moto's queues: sized for a loaded 2-core machine.
describe('double-texting on the AWS runtime (moto)', { timeout: 120_000 }, () => {
  let stack: TestStack | undefined
  let runtime: AwsRuntime | undefined
  afterEach(() => {
    runtime?.close()
    stack?.close()
  })

  const start = async () => {
    stack = await startTestStack('double-texting', {
      env: { CHORUS_API_ROUTE: 'async', CHORUS_SYNC_BUDGET_MS: '50', CHORUS_SEED_TENANT: 'acme' },
    })
    runtime = await startAwsRuntime({ config: stack.config, clients: stack.clients })
    const driver = makeEmulatorDriver({
      clients: stack.clients,
      stack: stack.stack,
      handlers: runtime.consumers,
    })
    const api = runtime.core.handlers
    const postThree = (chatId: string, multitask?: string) =>
      Promise.all(
        ['one', 'two', 'three'].map((n) =>
          api.postMessage(
            apiEvent(
              'POST',
              '/chats/{chatId}/messages',
              { chatId },
              { content: `Explain ${n}`, approval: 'plan', ...(multitask ? { multitask } : {}) },
            ),
            lambdaContext(),
          ),
        ),
      )
    const view = async (runId: string) =>
      JSON.parse(
        (await api.getRun(apiEvent('GET', '/runs/{runId}', { runId }), lambdaContext())).body,
      ) as RunBody
    const approve = async (runId: string) => {
      const res = await api.decideApproval(
        apiEvent('POST', '/runs/{runId}/approval', { runId }, { decision: 'approve' }),
        lambdaContext(),
      )
      expect(res.statusCode).toBe(202)
      await driver.drain()
    }
    const runIdOf = (res: { body: string }) => (JSON.parse(res.body) as { runId: string }).runId
    /** The audit's verdict, which re-derives the run's double-texting decisions from the logs. */
    const verdict = async (runId: string) => {
      const res = await api.auditRun(apiEvent('GET', '/runs/{runId}/audit', { runId }), lambdaContext())
      expect(res.statusCode).toBe(200)
      return (JSON.parse(res.body) as { verdict: unknown }).verdict
    }
    return { driver, view, approve, postThree, runIdOf, verdict }
  }

  it('reject answers chat.busy; enqueue runs the three one after the other', async () => {
    const env = await start()
    const rejecting = await env.postThree('dt-reject', 'reject')
    expect(rejecting.filter((r) => r.statusCode === 202)).toHaveLength(1)
    const busy = rejecting.filter((r) => r.statusCode === 409)
    expect(busy).toHaveLength(2)
    const winner = env.runIdOf(rejecting.find((r) => r.statusCode === 202) as { body: string })
    for (const r of busy) {
      expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'chat.busy' } })
      expect(r.body).toContain(winner)
    }

    const queued = await env.postThree('dt-enqueue')
    expect(queued.map((r) => r.statusCode)).toEqual([202, 202, 202])
    await env.driver.drain()
    const runs = await Promise.all(queued.map((r) => env.view(env.runIdOf(r))))
    const head = runs.find((r) => !r.afterRunId) as RunBody
    expect(head.status).toBe('awaiting_approval')
    const byAfter = new Map(runs.filter((r) => r.afterRunId).map((r) => [r.afterRunId, r]))
    const order = [head]
    for (let next = byAfter.get(head.runId); next; next = byAfter.get(next.runId)) order.push(next)
    expect(order).toHaveLength(3)
    for (const [i, current] of order.entries()) {
      expect((await env.view(current.runId)).status).toBe('awaiting_approval')
      for (const later of order.slice(i + 1)) expect((await env.view(later.runId)).status).toBe('requested')
      await env.approve(current.runId)
      expect((await env.view(current.runId)).status).toBe('completed')
    }
    for (const current of order) expect(await env.verdict(current.runId)).toEqual({ verdict: 'match' })
  })

  it('interrupt and rollback cancel the earlier runs through the supervisor; rollback marks them discarded', async () => {
    const env = await start()
    for (const policy of ['interrupt', 'rollback'] as const) {
      const answers = await env.postThree(`dt-${policy}`, policy)
      expect(answers.map((r) => r.statusCode)).toEqual([202, 202, 202])
      await env.driver.drain()
      const runs = await Promise.all(answers.map((r) => env.view(env.runIdOf(r))))
      expect(runs.filter((r) => r.status === 'awaiting_approval')).toHaveLength(1)
      const cancelled = runs.filter((r) => r.status === 'failed')
      expect(cancelled).toHaveLength(2)
      for (const r of cancelled) {
        expect(r.failure?.code).toBe('run.cancelled')
        if (policy === 'rollback') expect(r.discardedAt).toBeDefined()
        else expect(r.discardedAt).toBeUndefined()
        expect(await env.verdict(r.runId)).toEqual({ verdict: 'match' })
      }
    }
  })
})
