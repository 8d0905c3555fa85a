import { afterEach, describe, expect, it } from 'vitest'
import { CONSUMERS, type Consumer, StepCompleted } from '#events'
import { makeOpenAIProvider } from '#platform/models/index.ts'
import {
  type ChatRequest,
  holdUntilAborted,
  startFakeOpenAI,
} from '#platform/models/testing/fake-openai-server.ts'
import type { SqsBatchHandler } from '#platform/queue/sqs-consumer.ts'
import { liveView } from '#services/audit/index.ts'
import { apiEvent, lambdaContext } from '../lambda/testing.ts'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { makeEmulatorDriver } from './emulator-driver.ts'
import { motoClients, startTestStack, type TestStack } from './testing/emulator.ts'

const plan = JSON.stringify({
  goal: 'g',
  steps: [{ id: 'only', team: 'researcher', instruction: 'find', dependsOn: [] }],
})
const isPlanner = (r: ChatRequest) => r.response_format?.type === 'json_schema'

type RunBody = {
  runId: string
  status: string
  failure?: { code: string }
  steps: { stepId: string; status: string }[]
  events: { name: string }[]
}

/** A promise and the function that settles it. */
const signal = () => {
  let fire = () => {}
  const fired = new Promise<void>((resolve) => (fire = resolve))
  return { fire, fired }
}

/**
 * Two runtimes on one moto stack, as two Lambda functions would be: `api` serves HTTP and runs the
 * planner and supervisor; `worker` runs steps. They share no memory and no bus listeners: the worker
 * can learn of a cancel only from the run record.
 */
describe('cancel on the AWS runtime (moto), API and worker in separate runtimes', () => {
  let stack: TestStack | undefined
  const runtimes: AwsRuntime[] = []
  const closers: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const close of closers.splice(0)) await close()
    for (const runtime of runtimes.splice(0)) runtime.close()
    stack?.close()
  })

  const start = async (script: Parameters<typeof startFakeOpenAI>[0]) => {
    const model = await startFakeOpenAI(script)
    closers.push(model.close)
    stack = await startTestStack('cancel', {
      env: { CHORUS_API_ROUTE: 'async', CHORUS_SYNC_BUDGET_MS: '50', CHORUS_SEED_TENANT: 'acme' },
    })
    const models = makeOpenAIProvider({ apiKey: 'sk-test', baseUrl: model.baseUrl, models: { default: 'm' } })
    const api = await startAwsRuntime({ config: stack.config, clients: stack.clients, models })
    const worker = await startAwsRuntime({ config: stack.config, clients: motoClients(), models })
    runtimes.push(api, worker)
    const driverOf = (runtime: AwsRuntime, s: TestStack) =>
      makeEmulatorDriver({
        clients: s.clients,
        stack: s.stack,
        handlers: Object.fromEntries(CONSUMERS.map((c) => [c, runtime.consumers[c]])) as Record<
          Consumer,
          SqsBatchHandler
        >,
      })
    return { model, api, worker, apiDriver: driverOf(api, stack), workerDriver: driverOf(worker, stack) }
  }

  const post = async (api: AwsRuntime) => {
    const res = await api.core.handlers.postMessage(
      apiEvent('POST', '/chats/{chatId}/messages', { chatId: 'c' }, { content: 'hi' }),
      lambdaContext(),
    )
    expect(res.statusCode).toBe(202)
    return (JSON.parse(res.body) as RunBody).runId
  }
  const view = async (api: AwsRuntime, runId: string) =>
    JSON.parse(
      (await api.core.handlers.getRun(apiEvent('GET', '/runs/{runId}', { runId }), lambdaContext())).body,
    ) as RunBody
  /** Cancels through the API while the supervisor (same runtime) drains, so the API sees the run end. */
  const cancel = async (env: Awaited<ReturnType<typeof start>>, runId: string) => {
    const answer = env.api.core.handlers.cancelRun(
      apiEvent('POST', '/runs/{runId}/cancel', { runId }, { reason: 'stop' }),
      lambdaContext(),
    )
    while ((await env.api.core.stores.runs.getRun('acme', runId))?.status !== 'failed')
      await env.apiDriver.drain({ only: ['supervisor'] })
    return answer
  }

  it('aborts the model request of a step running in another runtime, which learns of the cancel from the run record', async () => {
    const asked = signal()
    const closedUnanswered = signal()
    const env = await start((request, _, { signal: closed }) => {
      if (isPlanner(request)) return { content: plan }
      asked.fire()
      closed.addEventListener('abort', closedUnanswered.fire)
      return holdUntilAborted(closed)
    })
    const runId = await post(env.api)
    await env.apiDriver.drain({ only: ['planner', 'supervisor'] })

    const working = env.workerDriver.drain({ only: ['workers'] })
    await asked.fired
    const cancelled = await cancel(env, runId)
    await closedUnanswered.fired
    await working
    await env.apiDriver.drain()

    expect(cancelled.statusCode).toBe(200)
    expect(env.model.aborted).toHaveLength(1)
    expect(env.model.requests.filter((r) => !isPlanner(r))).toHaveLength(1)
    const run = await view(env.api, runId)
    expect(run).toMatchObject({ status: 'failed', failure: { code: 'run.cancelled' } })
    expect(run.steps).toMatchObject([{ stepId: 'only', status: 'aborted' }])
    expect(run.events.map((e) => e.name)).not.toContain('StepCompleted')
    expect(run.events.filter((e) => e.name === 'StepAborted')).toHaveLength(1)
  })

  it('ignores a late StepCompleted of a cancelled run: the step stays aborted for the supervisor and the projection', async () => {
    const env = await start((request) => (isPlanner(request) ? { content: plan } : { content: 'done' }))
    const runId = await post(env.api)
    await env.apiDriver.drain({ only: ['planner', 'supervisor'] }) // the step is queued, no worker ran it

    expect((await cancel(env, runId)).statusCode).toBe(200)
    // What a worker that ignored the cancel would publish.
    await env.worker.bus.publish(
      StepCompleted.draft(
        { stepId: 'only', output: { text: 'too late' } },
        {
          tenantId: 'acme',
          runId,
          correlationId: runId,
          causationId: null,
          route: 'async',
          actor: { kind: 'system', id: 'chorus.workers' },
        },
      ),
    )
    await env.apiDriver.drain({ only: ['supervisor', 'projector'] })
    await env.workerDriver.drain({ only: ['workers'] }) // the queued task: its step is aborted, not run
    await env.apiDriver.drain()

    expect(env.model.requests.filter((r) => !isPlanner(r))).toHaveLength(0)
    const run = await view(env.api, runId)
    expect(run).toMatchObject({ status: 'failed', failure: { code: 'run.cancelled' } })
    expect(run.steps).toMatchObject([{ stepId: 'only', status: 'aborted' }])
    const names = run.events.map((e) => e.name)
    expect(names.filter((n) => n === 'RunFailed')).toHaveLength(1)
    expect(names.filter((n) => n === 'TaskQueued')).toHaveLength(1)
    expect(names.filter((n) => n === 'StepAborted')).toHaveLength(1) // reported by the worker that got the task
    const summary = liveView(runId, await env.api.core.stores.log.list('acme', runId))
    expect(summary?.state.steps).toEqual({ only: { team: 'researcher', status: 'aborted' } })
  })
})
