import { randomBytes } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { RunnableConfig } from '@langchain/core/runnables'
import {
  type Checkpoint,
  type CheckpointMetadata,
  emptyCheckpoint,
  uuid6,
} from '@langchain/langgraph-checkpoint'
import { PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import { checkpointKeys } from '../store/keys.ts'
import { makeRunStore } from '../store/run-store.ts'
import { isCheckpointConflict } from './conflict.ts'
import { makeCheckpointEntities } from './entities.ts'
import type { DynamoCheckpointSaver } from './saver.ts'
import { type CheckpointTestbed, startCheckpointTestbed } from './testing.ts'
import { locateThread, runThreadId } from './thread.ts'

const meta = (step: number): CheckpointMetadata => ({ source: 'loop', step, parents: {} })
const checkpointWith = (values: Record<string, unknown>, versions: Record<string, number>): Checkpoint => ({
  ...emptyCheckpoint(),
  id: uuid6(-1),
  channel_values: values,
  channel_versions: versions,
})
const threadConfig = (threadId: string, checkpointId?: string): RunnableConfig => ({
  configurable: {
    thread_id: threadId,
    checkpoint_ns: '',
    ...(checkpointId ? { checkpoint_id: checkpointId } : {}),
  },
})
const collect = async <T>(items: AsyncIterable<T>) => {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}

describe('DynamoCheckpointSaver on the embedded engine', () => {
  let testbed: CheckpointTestbed
  beforeAll(async () => {
    testbed = await startCheckpointTestbed()
  })
  afterAll(() => testbed.close())

  /** A thread with one root checkpoint, written by `saver`. */
  const startThread = async (saver: DynamoCheckpointSaver) => {
    const threadId = `thread-${newId()}`
    const root = checkpointWith({ n: 0 }, { n: 1 })
    const rootConfig = await saver.put(threadConfig(threadId), root, meta(0), { n: 1 })
    return { threadId, root, rootConfig }
  }

  it('round-trips a 1 MB channel value and a 1 MB pending write through the blob store', async () => {
    const saver = await testbed.saver()
    const threadId = `thread-${newId()}`
    // Random (base64 deflates by only a quarter), so compression cannot bring it under the inline limit.
    const big = randomBytes(750_000).toString('base64')
    const checkpoint = checkpointWith({ big, small: 'ok' }, { big: 1, small: 1 })
    const config = await saver.put(threadConfig(threadId), checkpoint, meta(0), { big: 1, small: 1 })
    await saver.putWrites(config, [['big', `${big}!`]], 'task-1')

    const tuple = await saver.getTuple(config)

    expect(tuple?.checkpoint.channel_values).toEqual({ big, small: 'ok' })
    expect(tuple?.pendingWrites).toEqual([['task-1', 'big', `${big}!`]])
    const offloaded = readdirSync(join(testbed.blobRoot, 'checkpoints', 'threads'), { recursive: true })
    expect(offloaded.filter((path) => /[0-9a-f]{64}$/.test(String(path)))).toHaveLength(2)
  })

  it('deflates a large value that compresses well and keeps it in its item', async () => {
    const saver = await testbed.saver({ shared: true })
    const threadId = `thread-${newId()}`
    const big = 'a model answer that repeats itself. '.repeat(20_000)
    const config = await saver.put(threadConfig(threadId), checkpointWith({ big }, { big: 1 }), meta(0), {
      big: 1,
    })
    await saver.putWrites(config, [['big', `${big}!`]], 'task-1')

    const tuple = await saver.getTuple(config)

    expect(tuple?.checkpoint.channel_values).toEqual({ big })
    expect(tuple?.pendingWrites).toEqual([['task-1', 'big', `${big}!`]])
    const { Items } = await testbed.env.table
      .build(QueryCommand)
      .query({ partition: locateThread(threadId).pk })
      .options({ consistent: true })
      .send()
    const payloads = (Items ?? []).flatMap((item) => [
      ...Object.values((item.values ?? {}) as Record<string, { zip?: string; bytes?: Uint8Array }>),
      ...((item.writes ?? []) as { value: { zip?: string; bytes?: Uint8Array } }[]).map((w) => w.value),
    ])
    expect(payloads).toHaveLength(2)
    for (const payload of payloads) {
      expect(payload.zip).toBe('deflate-raw')
      expect(payload.bytes?.byteLength).toBeLessThan(big.length / 100)
    }
  })

  it('lets exactly one of two concurrent puts with the same parent win, without a fork', async () => {
    for (let round = 0; round < 10; round++) {
      const [writerA, writerB] = [
        await testbed.saver({ shared: true }),
        await testbed.saver({ shared: true }),
      ]
      const { threadId, rootConfig } = await startThread(writerA)
      const childA = checkpointWith({ n: 'a' }, { n: 2.1 })
      const childB = checkpointWith({ n: 'b' }, { n: 2.2 })

      const results = await Promise.allSettled([
        writerA.put(rootConfig, childA, meta(1), { n: 2.1 }),
        writerB.put(rootConfig, childB, meta(1), { n: 2.2 }),
      ])

      const lost = results.filter((result) => result.status === 'rejected')
      expect(lost).toHaveLength(1)
      const [failure] = lost as PromiseRejectedResult[]
      expect(isCheckpointConflict(failure?.reason)).toBe(true)
      expect(failure?.reason).toMatchObject({ code: 'checkpoint.conflict', retryable: true })
      const listed = await collect(writerA.list(threadConfig(threadId)))
      expect(listed).toHaveLength(2)
      const winner = results[0].status === 'fulfilled' ? childA : childB
      expect(listed[0]?.checkpoint.id).toBe(winner.id)
      expect(listed[0]?.parentConfig?.configurable?.checkpoint_id).toBe(
        rootConfig.configurable?.checkpoint_id,
      )
      expect((await writerB.getTuple(threadConfig(threadId)))?.checkpoint.channel_values).toEqual(
        winner.channel_values,
      )
    }
  })

  it('refuses a writer whose parent is no longer the head', async () => {
    const [writer, stale] = [await testbed.saver({ shared: true }), await testbed.saver({ shared: true })]
    const { rootConfig } = await startThread(writer)
    await writer.put(rootConfig, checkpointWith({}, {}), meta(1), {})

    await expect(stale.put(rootConfig, checkpointWith({}, {}), meta(1), {})).rejects.toMatchObject({
      code: 'checkpoint.conflict',
    })
  })

  it('accepts a retried put of the same checkpoint', async () => {
    const writer = await testbed.saver({ shared: true })
    const { rootConfig } = await startThread(writer)
    const child = checkpointWith({ n: 1 }, { n: 2.5 })

    await writer.put(rootConfig, child, meta(1), { n: 2.5 })
    await expect(writer.put(rootConfig, child, meta(1), { n: 2.5 })).resolves.toBeDefined()
  })

  it('never lets another writer overwrite a stored channel version, even with the head check off', async () => {
    const [first, second] = [
      await testbed.saver({ shared: true, singleWriter: false }),
      await testbed.saver({ shared: true, singleWriter: false }),
    ]
    const { threadId, rootConfig } = await startThread(first)
    const mine = checkpointWith({ n: 'mine' }, { n: 2 })
    await first.put(rootConfig, mine, meta(1), { n: 2 })

    await expect(
      second.put(rootConfig, checkpointWith({ n: 'theirs' }, { n: 2 }), meta(1), { n: 2 }),
    ).rejects.toMatchObject({ code: 'checkpoint.conflict' })
    expect((await first.getTuple(threadConfig(threadId, mine.id)))?.checkpoint.channel_values).toEqual({
      n: 'mine',
    })
  })

  it('lets a writer start its own namespace over, but not start over on another writer’s', async () => {
    const [owner, other] = [await testbed.saver({ shared: true }), await testbed.saver({ shared: true })]
    const { threadId } = await startThread(owner)

    await expect(
      owner.put(threadConfig(threadId), checkpointWith({}, {}), meta(0), {}),
    ).resolves.toBeDefined()
    await expect(
      other.put(threadConfig(threadId), checkpointWith({}, {}), meta(0), {}),
    ).rejects.toMatchObject({
      code: 'checkpoint.conflict',
    })
  })

  it('takes over a head claim whose writer died before writing its checkpoint, once the claim is stale', async () => {
    const writer = await testbed.saver({ shared: true, claimTimeoutMs: 60_000 })
    const { threadId, rootConfig } = await startThread(writer)
    const rootId = String(rootConfig.configurable?.checkpoint_id)
    const claimDeadHead = (claimedAt: number) =>
      makeCheckpointEntities(testbed.env.table)
        .head.build(PutItemCommand)
        .item({
          PK: `THREAD#${threadId}`,
          SK: checkpointKeys.head(''),
          checkpointId: uuid6(-1),
          parentId: rootId,
          writerId: 'crashed-writer',
          claimedAt,
          expiresAt: Math.floor(Date.now() / 1000) + 3600,
        })
        .send()

    await claimDeadHead(Date.now())
    await expect(writer.put(rootConfig, checkpointWith({}, {}), meta(1), {})).rejects.toMatchObject({
      code: 'checkpoint.conflict',
    })
    await claimDeadHead(Date.now() - 120_000)
    const next = checkpointWith({}, {})
    await writer.put(rootConfig, next, meta(1), {})
    expect((await writer.getTuple(threadConfig(threadId)))?.checkpoint.id).toBe(next.id)
  })

  it('ignores expired checkpoints, writes and values, and lets a new writer start the thread again', async () => {
    let now = Date.parse('2026-11-01T00:00:00Z')
    const clock = () => new Date(now)
    const saver = await testbed.saver({ shared: true, clock, ttlSeconds: 3600 })
    const { threadId, rootConfig } = await startThread(saver)
    await saver.putWrites(rootConfig, [['n', 1]], 'task-1')
    expect(await saver.getTuple(threadConfig(threadId))).toBeDefined()

    now += 3601_000

    expect(await saver.getTuple(threadConfig(threadId))).toBeUndefined()
    expect(await saver.getTuple(rootConfig)).toBeUndefined()
    expect(await collect(saver.list(threadConfig(threadId)))).toEqual([])
    const newcomer = await testbed.saver({ shared: true, clock, ttlSeconds: 3600 })
    const fresh = checkpointWith({}, {})
    await newcomer.put(threadConfig(threadId), fresh, meta(0), {})
    const tuple = await newcomer.getTuple(threadConfig(threadId))
    expect(tuple?.checkpoint.id).toBe(fresh.id)
    expect(tuple?.pendingWrites).toEqual([])
  })

  it('keeps values carried over from old steps alive while the thread is active', async () => {
    let now = Date.parse('2026-11-01T00:00:00Z')
    const clock = () => new Date(now)
    const saver = await testbed.saver({ shared: true, clock, ttlSeconds: 4000 })
    const threadId = `thread-${newId()}`
    let config = await saver.put(
      threadConfig(threadId),
      checkpointWith({ plan: 'p' }, { plan: 1 }),
      meta(0),
      {
        plan: 1,
      },
    )
    // One step every 15 minutes for 3 hours: `plan` is never written again, the TTL is 66 minutes.
    for (let step = 1; step <= 12; step++) {
      now += 900_000
      config = await saver.put(config, checkpointWith({}, { plan: 1, n: step + 1 }), meta(step), {
        n: step + 1,
      })
    }
    now += 3_000_000
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ plan: 'p' })
  })

  it('orders pending writes by task path, task id and index; regular writes stay, special ones are replaced', async () => {
    const saver = await testbed.saver()
    const { rootConfig } = await startThread(saver)
    await saver.putWrites(
      rootConfig,
      [
        ['b', 1],
        ['a', 2],
      ],
      'task-z',
      '~0',
    )
    await saver.putWrites(rootConfig, [['c', 3]], 'task-a', '~1')
    await saver.putWrites(rootConfig, [['b', 'second try']], 'task-z', '~0')
    await saver.putWrites(rootConfig, [['__interrupt__', 'first']], 'task-a', '~1')
    await saver.putWrites(rootConfig, [['__interrupt__', 'second']], 'task-a', '~1')
    await saver.putWrites(rootConfig, [['input', 'x']], 'task-m')

    expect((await saver.getTuple(rootConfig))?.pendingWrites).toEqual([
      ['task-m', 'input', 'x'],
      ['task-z', 'b', 1],
      ['task-z', 'a', 2],
      ['task-a', '__interrupt__', 'second'],
      ['task-a', 'c', 3],
    ])
  })

  it('keeps a run thread in the run’s partition and deletes only its checkpoint items', async () => {
    const saver = await testbed.saver({ shared: true })
    const runs = makeRunStore(testbed.env.table)
    const runId = newId()
    await runs.createRun({ tenantId: 'acme', runId, request: 'hello' })
    const threadId = runThreadId('acme', runId)
    const config = await saver.put(
      threadConfig(threadId),
      checkpointWith({ big: randomBytes(400_000).toString('base64') }, { big: 1 }),
      meta(0),
      {
        big: 1,
      },
    )
    await saver.putWrites(config, [['n', 1]], 'task-1')
    expect(await saver.getTuple(threadConfig(threadId))).toBeDefined()
    expect(readdirSync(join(testbed.blobRoot, 'checkpoints', 't', 'acme', 'runs', runId))).toHaveLength(1)

    await saver.deleteThread(threadId)

    expect(await saver.getTuple(threadConfig(threadId))).toBeUndefined()
    expect(await collect(saver.list(threadConfig(threadId)))).toEqual([])
    expect((await runs.getRun('acme', runId))?.request).toBe('hello')
    expect(() => readdirSync(join(testbed.blobRoot, 'checkpoints', 't', 'acme', 'runs', runId))).toThrow()
    await expect(
      saver.put(threadConfig(threadId), checkpointWith({}, {}), meta(0), {}),
    ).resolves.toBeDefined()
  })
})
