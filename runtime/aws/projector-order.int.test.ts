import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs'
import type { SQSRecord } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeScriptedProvider } from '#platform/models/index.ts'
import { toSqsRecord } from '#platform/queue/sqs-poller.ts'
import { ensureTable, makeTable } from '#platform/store/index.ts'
import { describeProjectorOrdering } from '#services/audit/core/projector.conformance.ts'
import { emptySummary, liveView, type RunSummary, reduceRun } from '#services/audit/index.ts'
import { seededRandom, shuffled } from '#services/audit/testing/delivery-order.ts'
import { readPlanningPrompt } from '#services/planner/index.ts'
import { apiEvent, lambdaContext } from '../lambda/testing.ts'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { type EmulatorDriver, makeEmulatorDriver } from './emulator-driver.ts'
import { motoClients, startTestStack, type TestStack, uniquePrefix } from './testing/emulator.ts'

// About 2,400 projector deliveries through moto's HTTP server: over a minute on a loaded 2-core machine.
describeProjectorOrdering(
  'DynamoDB on moto',
  async () => {
    const clients = motoClients()
    const name = uniquePrefix('projector')
    await ensureTable(clients.dynamo.client, name)
    return { table: makeTable(clients.dynamo.documentClient, name), close: async () => clients.destroy() }
  },
  { everyOrderMs: 300_000 },
)

const s = (id: string, dependsOn: string[] = []) => ({
  id,
  team: 'writer',
  instruction: `do ${id}`,
  dependsOn,
})
const PLANS: Record<string, object[]> = {
  chain: [s('a'), s('b', ['a']), s('c', ['b'])],
  diamond: [s('a'), s('b', ['a']), s('c', ['a']), s('d', ['b', 'c'])],
}
const KINDS = Object.keys(PLANS)
const models = makeScriptedProvider((messages, purpose) => {
  if (purpose.service === 'planner') {
    const request = readPlanningPrompt(messages.at(-1)?.text ?? '')?.request ?? 'chain'
    return JSON.stringify({ goal: request, steps: PLANS[request] })
  }
  const text = messages.at(0)?.text ?? ''
  return `answer to ${text.split('\n').find((line) => line.startsWith('Task:')) ?? text.slice(0, 40)}`
})

/** The runs of which a later seq came before an earlier one. */
const overtaken = (seqs: readonly { runId: string; seq: number }[]) =>
  new Set(
    seqs
      .filter((e, i) => seqs.slice(i + 1).some((d) => d.runId === e.runId && d.seq < e.seq))
      .map((e) => e.runId),
  )

/** A view without its run id, to compare runs of the same request. */
const anonymous = (summary: RunSummary | undefined) => summary && { ...summary, runId: '-' }

/**
 * SQS standard queues do not order: the projector's queue is read whole, then its records are
 * handed to the projector's Lambda handler twice over, shuffled (fixed seed), ten per batch.
 */
describe('the projector on the AWS runtime (moto), its SQS records out of order', () => {
  let stack: TestStack
  let runtime: AwsRuntime
  let driver: EmulatorDriver
  beforeAll(async () => {
    stack = await startTestStack('projorder', {
      env: { CHORUS_API_ROUTE: 'async', CHORUS_SYNC_BUDGET_MS: '50', CHORUS_SEED_TENANT: 'acme' },
    })
    runtime = await startAwsRuntime({ config: stack.config, clients: stack.clients, models })
    driver = makeEmulatorDriver({ clients: stack.clients, stack: stack.stack, handlers: runtime.consumers })
  })
  afterAll(() => {
    runtime?.close()
    stack?.close()
  })

  const post = async (kind: string, chatId: string) => {
    const res = await runtime.core.handlers.postMessage(
      apiEvent('POST', '/chats/{chatId}/messages', { chatId }, { content: kind }),
      lambdaContext(),
    )
    expect(res.statusCode).toBe(202)
    return (JSON.parse(res.body) as { runId: string }).runId
  }
  /** The live view: the fold of the run's log, read when asked for (ADR 0022). */
  const live = async (runId: string) =>
    liveView(runId, await runtime.core.stores.log.list('acme', runId))?.state
  const inOrder = async (runId: string) =>
    (await runtime.core.stores.log.list('acme', runId)).reduce(reduceRun, emptySummary(runId))

  /** Takes every record waiting in the projector's queue, as Lambda would receive them. */
  const takeProjectorRecords = async () => {
    const { url } = stack.stack.queues.projector
    const records: SQSRecord[] = []
    for (;;) {
      const { Messages = [] } = await stack.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ['All'],
        }),
      )
      if (Messages.length === 0) return records
      records.push(...Messages.map((m) => toSqsRecord(m, url, 'us-east-1')))
      await stack.clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      )
    }
  }
  /** Each record twice, shuffled, ten per batch; returns the records the handler reported failed. */
  const feedOutOfOrder = async (records: SQSRecord[], seed: number) => {
    const order = shuffled([...records, ...records], seededRandom(seed))
    const failed: string[] = []
    for (let i = 0; i < order.length; i += 10) {
      const { batchItemFailures } = await runtime.consumers.projector({ Records: order.slice(i, i + 10) })
      failed.push(...batchItemFailures.map((f) => f.itemIdentifier))
    }
    const seqs = order.map((r) => JSON.parse(r.body).detail.meta as { runId: string; seq: number })
    return { failed, seqs }
  }

  it('builds the views of clean runs from shuffled, duplicated records; a shuffled replay matches them', async () => {
    const clean = new Map<string, string>()
    for (const kind of KINDS) clean.set(kind, await post(kind, `clean-${kind}`))
    await driver.drain()
    const runs = new Map<string, string>()
    for (const kind of KINDS) runs.set(kind, await post(kind, `out-${kind}`))
    await driver.drain({ only: ['planner', 'supervisor', 'workers'] })

    const { failed, seqs } = await feedOutOfOrder(await takeProjectorRecords(), 5)

    expect(overtaken(seqs)).toEqual(new Set(runs.values()))
    expect(failed).toEqual([])
    for (const [name, runId] of runs) {
      const view = await live(runId)
      expect([name, view?.status]).toEqual([name, 'completed'])
      expect([name, view]).toEqual([name, await inOrder(runId)])
      expect([name, anonymous(view)]).toEqual([name, anonymous(await live(clean.get(name) ?? ''))])
    }

    // EventBridge StartReplay (moto re-sends the whole archive), its records shuffled too.
    await runtime.core.replayer?.start({
      from: '2026-01-01T00:00:00.000Z',
      to: new Date().toISOString(),
      name: 'shuffled',
      tenantId: 'acme',
    })
    const replay = await feedOutOfOrder(await takeProjectorRecords(), 6)

    const all = [...clean.values(), ...runs.values()]
    expect(overtaken(replay.seqs)).toEqual(new Set(all))
    expect(replay.failed).toEqual([])
    const compared = await Promise.all(
      all.map((runId) => runtime.core.replayer?.compare('acme', runId, 'shuffled')),
    )
    expect(compared.map((c) => [c?.equal, c?.replayed?.status])).toEqual(all.map(() => [true, 'completed']))
  }, 180_000)
})
