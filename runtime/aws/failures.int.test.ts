import { PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { SendMessageCommand } from '@aws-sdk/client-sqs'
import type { SQSEvent } from 'aws-lambda'
import { afterEach, describe, expect, it } from 'vitest'
import { CONSUMERS, type Consumer } from '#events'
import type { PutEventsClient } from '#platform/bus/put-events.ts'
import { ChorusError } from '#platform/errors/index.ts'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import type { SqsBatchHandler } from '#platform/queue/sqs-consumer.ts'
import { apiEvent, lambdaContext } from '../lambda/testing.ts'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { makeEmulatorDriver } from './emulator-driver.ts'
import { startTestStack, type TestStack } from './testing/emulator.ts'

const twoSteps = JSON.stringify({
  goal: 'test',
  steps: [
    { id: 'research', team: 'researcher', instruction: 'find', dependsOn: [] },
    { id: 'write', team: 'writer', instruction: 'write', dependsOn: ['research'] },
  ],
})

type RunBody = {
  runId: string
  status: string
  failure?: { code: string; message: string }
  events: { name: string; seq: number }[]
}

describe('the AWS runtime on moto, when things go wrong', () => {
  let stack: TestStack | undefined
  let runtime: AwsRuntime | undefined
  afterEach(() => {
    runtime?.close()
    stack?.close()
  })

  const start = async (
    script: Script,
    options: { maxReceives?: number; putEvents?: (real: PutEventsClient) => PutEventsClient } = {},
  ) => {
    stack = await startTestStack('fail', {
      maxReceives: options.maxReceives ?? 3,
      env: {
        CHORUS_API_ROUTE: 'async',
        CHORUS_SYNC_BUDGET_MS: '50',
        CHORUS_SEED_TENANT: 'acme',
        CHORUS_MODEL_RETRY_BACKOFF_MS: '5',
      },
    })
    runtime = await startAwsRuntime({
      config: stack.config,
      clients: stack.clients,
      models: makeScriptedProvider(script),
      ...(options.putEvents ? { putEvents: options.putEvents(stack.clients.eventBridge) } : {}),
    })
    return { stack, runtime }
  }
  const post = async (rt: AwsRuntime) => {
    const res = await rt.core.handlers.postMessage(
      apiEvent('POST', '/chats/{chatId}/messages', { chatId: 'c' }, { content: 'hi' }),
      lambdaContext(),
    )
    expect(res.statusCode).toBe(202)
    return (JSON.parse(res.body) as RunBody).runId
  }
  const view = async (rt: AwsRuntime, runId: string) =>
    JSON.parse(
      (await rt.core.handlers.getRun(apiEvent('GET', '/runs/{runId}', { runId }), lambdaContext())).body,
    ) as RunBody
  const driverFor = (s: TestStack, rt: AwsRuntime, wrap: Partial<Record<Consumer, SqsBatchHandler>> = {}) =>
    makeEmulatorDriver({
      clients: s.clients,
      stack: s.stack,
      handlers: Object.fromEntries(CONSUMERS.map((c) => [c, wrap[c] ?? rt.consumers[c]])) as Record<
        Consumer,
        SqsBatchHandler
      >,
    })

  it('spends one attempt budget across SQS redeliveries, then leaves the record in the DLQ and ends the run with the cause', async () => {
    let plannerCalls = 0
    const { stack: s, runtime: rt } = await start((_, purpose) => {
      if (purpose.service !== 'planner') return 'never asked'
      plannerCalls++
      throw new ChorusError('model.failed', 'upstream 503', { retryable: true })
    })
    const runId = await post(rt)

    const totals = await driverFor(s, rt).drain()

    // 4 requests on the first receive; the 2 redeliveries SQS makes anyway find the budget spent.
    expect(totals.planner).toEqual({ received: 3, succeeded: 0, failed: 3 })
    expect(plannerCalls).toBe(4)
    const dead = (await driverFor(s, rt).deadLetters('planner')) as {
      'detail-type': string
      detail: { meta: { runId: string } }
    }[]
    expect(dead.map((d) => [d['detail-type'], d.detail.meta.runId])).toEqual([['RunRequested', runId]])
    const run = await view(rt, runId)
    expect(run.status).toBe('failed')
    expect(run.failure?.code).toBe('model.failed')
    expect(run.failure?.message).toContain('upstream 503 (gave up after 4 of 4 attempts)')
    expect(run.events.map((e) => e.name)).toEqual(['RunRequested', 'RunFailed'])
  })

  it('leaves a record that is not a valid event in the DLQ, and still completes the run beside it', async () => {
    const { stack: s, runtime: rt } = await start((_, purpose) =>
      purpose.service === 'planner' ? twoSteps : 'fine',
    )
    const junk = JSON.stringify({
      source: 'chorus.api',
      'detail-type': 'RunRequested',
      detail: { meta: {}, data: {} },
    })
    await s.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: s.stack.queues.planner.url, MessageBody: junk }),
    )
    const runId = await post(rt)

    const driver = driverFor(s, rt)
    await driver.drain()

    expect((await view(rt, runId)).status).toBe('completed')
    expect(await driver.deadLetters('planner')).toEqual([JSON.parse(junk)])
  })

  it.each([
    ['one after the other', false],
    ['at the same time', true],
  ])('causes one side effect when the same SQS message is delivered twice, %s', async (_, concurrent) => {
    const workerCalls: string[] = []
    const { stack: s, runtime: rt } = await start((_messages, purpose) => {
      if (purpose.service === 'planner') return twoSteps
      workerCalls.push(purpose.team ?? '?')
      return `output of ${purpose.team}`
    })
    // Every workers batch reaches the handler twice, as when SQS redelivers a message whose
    // visibility ran out. SQS deletes a message when either delivery acknowledges it.
    const twice: SqsBatchHandler = async (batch: SQSEvent) => {
      const [a, b] = concurrent
        ? await Promise.all([rt.consumers.workers(batch), rt.consumers.workers(batch)])
        : [await rt.consumers.workers(batch), await rt.consumers.workers(batch)]
      const failedB = new Set(b.batchItemFailures.map((f) => f.itemIdentifier))
      return { batchItemFailures: a.batchItemFailures.filter((f) => failedB.has(f.itemIdentifier)) }
    }
    const runId = await post(rt)

    await driverFor(s, rt, { workers: twice }).drain()

    const run = await view(rt, runId)
    expect(run.status).toBe('completed')
    expect(workerCalls).toEqual(['researcher', 'writer'])
    expect(run.events.filter((e) => e.name === 'StepCompleted')).toHaveLength(2)
  })

  it('completes a run when every other PutEvents call fails its entries, and loses no event', async () => {
    let calls = 0
    const { stack: s, runtime: rt } = await start(
      (_, purpose) => (purpose.service === 'planner' ? twoSteps : 'fine'),
      {
        putEvents: (real) => ({
          send: async (command) => {
            calls++
            // Every other call fails all its entries, the way EventBridge reports it (no throw).
            if (calls % 2 === 1) {
              const entries = command.input.Entries ?? []
              return {
                $metadata: {},
                FailedEntryCount: entries.length,
                Entries: entries.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' })),
              }
            }
            return real.send(new PutEventsCommand(command.input))
          },
        }),
      },
    )
    const runId = await post(rt)

    const driver = driverFor(s, rt)
    await driver.drain()

    const run = await view(rt, runId)
    expect(run.status).toBe('completed')
    const archived = (await driver.archived()) as { detail: { meta: { runId: string; eventId: string } } }[]
    const ids = archived.filter((e) => e.detail.meta.runId === runId).map((e) => e.detail.meta.eventId)
    expect(ids).toHaveLength(7)
    expect(new Set(ids).size).toBe(7)
  })
})
