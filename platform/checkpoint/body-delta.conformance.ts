import { Annotation, END, START, StateGraph } from '@langchain/langgraph'
import type { BaseCheckpointSaver, CheckpointTuple } from '@langchain/langgraph-checkpoint'
import { QueryCommand } from 'dynamodb-toolbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import { checkpointKeys } from '../store/keys.ts'
import type { ChorusTable } from '../store/table.ts'
import type { DynamoCheckpointSaver, DynamoCheckpointSaverDeps } from './saver.ts'
import { locateThread } from './thread.ts'

/** Savers on one table (each with its own memory of bodies, like separate processes) and that table. */
export interface BodyDeltaTestbed {
  table: ChorusTable
  saver(deps?: Partial<DynamoCheckpointSaverDeps>): Promise<DynamoCheckpointSaver>
  close(): Promise<void>
}

/** A chain of `n` nodes, each writing a channel of its own (as the supervisor's graph does per step). */
const chainGraph = (n: number, checkpointer: BaseCheckpointSaver) => {
  const names = Array.from({ length: n }, (_, i) => `s${i + 1}`)
  const State = Annotation.Root(
    Object.fromEntries(names.map((name) => [`output_${name}`, Annotation<string>()])),
  )
  // Node names are data here, as in compilePlan.
  const graph = new StateGraph(State) as unknown as {
    addNode(name: string, fn: () => Record<string, string>): void
    addEdge(from: string, to: string): void
    compile(options: { checkpointer: BaseCheckpointSaver }): {
      invoke(input: object, config: object): Promise<unknown>
    }
  }
  for (const name of names) graph.addNode(`step_${name}`, () => ({ [`output_${name}`]: `answer of ${name}` }))
  for (const [i, name] of names.entries())
    graph.addEdge(i === 0 ? START : `step_${names[i - 1]}`, `step_${name}`)
  graph.addEdge(`step_${names.at(-1)}`, END)
  return graph.compile({ checkpointer })
}

const collect = async <T>(items: AsyncIterable<T>) => {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}

/** What a reader sees of a tuple, without the run-time objects the config carries. */
const seen = (tuple: CheckpointTuple | undefined) =>
  tuple && {
    id: tuple.checkpoint.id,
    checkpoint: tuple.checkpoint,
    metadata: tuple.metadata,
    parent: tuple.parentConfig?.configurable?.checkpoint_id,
    writes: tuple.pendingWrites,
  }

/** Checkpoint bodies stored as deltas (ADR 0036), on any engine that answers DynamoDB's API (moto takes seconds per run). */
export const describeBodyDeltaConformance = (name: string, start: () => Promise<BodyDeltaTestbed>) =>
  describe(`checkpoint bodies stored as deltas (${name})`, { timeout: 120_000 }, () => {
    let testbed: BodyDeltaTestbed
    beforeAll(async () => {
      testbed = await start()
    })
    afterAll(() => testbed.close())

    const runChain = async (saver: DynamoCheckpointSaver, steps: number) => {
      const threadId = `thread-${newId()}`
      const config = { configurable: { thread_id: threadId }, recursionLimit: 1_000 }
      await chainGraph(steps, saver).invoke({}, config)
      return { threadId, config }
    }

    /** The checkpoint items of a thread, oldest first, as stored. */
    const itemsOf = async (threadId: string) => {
      const { Items } = await testbed.table
        .build(QueryCommand)
        .query({
          partition: locateThread(threadId).pk,
          range: { beginsWith: checkpointKeys.checkpointsOf('') },
        })
        .options({ consistent: true })
        .send()
      return (Items ?? []).filter((item) => item.SK !== checkpointKeys.head(''))
    }

    it('reads back in another process (no remembered bodies) exactly what the writer reads', async () => {
      const writer = await testbed.saver()
      const { config } = await runChain(writer, 40)
      const reader = await testbed.saver()
      const written = await collect(writer.list(config))
      expect(written.length).toBeGreaterThan(40)
      // Newest first from a cold reader: the first read walks the chain, the rest find their parents.
      expect((await collect(reader.list(config))).map(seen)).toEqual(written.map(seen))
      const another = await testbed.saver()
      for (const tuple of written.slice().reverse())
        expect(seen(await another.getTuple(tuple.config))).toEqual(seen(tuple))
      const third = await testbed.saver()
      expect(seen(await third.getTuple(config))).toEqual(seen(written[0]))
      expect(
        await third.getDeltaChannelHistory({ config: written[3]?.config ?? config, channels: ['output_s1'] }),
      ).toEqual(
        await writer.getDeltaChannelHistory({
          config: written[3]?.config ?? config,
          channels: ['output_s1'],
        }),
      )
    })

    it('keeps the body each step stores flat while the whole body grows', async () => {
      const saver = await testbed.saver()
      const { threadId } = await runChain(saver, 60)
      const items = await itemsOf(threadId)
      const bodyBytes = items.map((item) => String((item.checkpoint as { text?: string }).text ?? '').length)
      const early = bodyBytes[10] ?? 0
      const late = bodyBytes.at(-2) ?? 0
      expect(early).toBeGreaterThan(0)
      expect(late).toBeLessThanOrEqual(early * 1.2)
      // The first checkpoint is the chain's base; every later one expires with it.
      expect(new Set(items.map((item) => item.expiresAt)).size).toBe(1)
    })

    it('starts a new chain in a new retention period, so a checkpoint never outlives its base', async () => {
      let now = new Date('2026-12-02T00:00:00Z')
      const ttlSeconds = 400
      const saver = await testbed.saver({ ttlSeconds, clock: () => now })
      const threadId = `thread-${newId()}`
      const config = { configurable: { thread_id: threadId }, recursionLimit: 1_000 }
      const graph = chainGraph(3, saver)
      await graph.invoke({}, config)
      const first = await itemsOf(threadId)
      // A quarter of the TTL later another run of the graph on the same thread begins a new chain.
      now = new Date(now.getTime() + 101_000)
      await graph.invoke({}, config)
      const all = await itemsOf(threadId)
      const later = all.filter((item) => !first.some((f) => f.SK === item.SK))
      expect(new Set(first.map((item) => item.expiresAt)).size).toBe(1)
      expect(new Set(later.map((item) => item.expiresAt)).size).toBe(1)
      expect(later[0]?.expiresAt).toBe(Math.floor(now.getTime() / 1000) + ttlSeconds)
      const reader = await testbed.saver({ ttlSeconds, clock: () => now })
      expect((await collect(reader.list(config))).map(seen)).toEqual(
        (await collect(saver.list(config))).map(seen),
      )
    })
  })
