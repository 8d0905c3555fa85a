import { GetCommand } from '@aws-sdk/lib-dynamodb'
import {
  $remove,
  $set,
  executeTransactWrite,
  isTransactionCancelled,
  PutItemCommand,
  PutTransaction,
  UpdateTransaction,
} from 'dynamodb-toolbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { motoClients, uniquePrefix } from '../../runtime/aws/testing/emulator.ts'
import { makeCheckpointEntities } from '../checkpoint/entities.ts'
import { makeEventEntity, makeEventMarkerEntity } from './entities/event.ts'
import { makeRunEntity } from './entities/run.ts'
import { makeStepEntity } from './entities/step.ts'
import type { TransactItem } from './event-log.ts'
import { runPk } from './keys.ts'
import { holdsLease } from './lease.ts'
import { type RawCondition, rawPutTransaction, rawUpdateTransaction } from './raw-write.ts'
import { finishedStep, makeRunDelivery } from './run-delivery.ts'
import { type ChorusTable, ensureTable, makeTable } from './table.ts'
import { startTestTable } from './testing.ts'

/**
 * The writes built without dynamodb-toolbox's parser (`raw-write.ts`) store exactly what toolbox
 * stores, and their conditions hold and fail as toolbox's do: each case is written once through
 * toolbox (in one run's partition) and once raw (in another's), twice each, on the embedded engine
 * and on moto's DynamoDB.
 */
const describeRawWrites = (
  name: string,
  setup: () => Promise<{ table: ChorusTable; close: () => Promise<void> }>,
) =>
  describe(`writes built as stored: ${name}`, () => {
    let t: { table: ChorusTable; close: () => Promise<void> }
    beforeAll(async () => {
      t = await setup()
    })
    afterAll(() => t.close())

    const holder = { owner: 'delivery-1', incarnation: 2 }

    /** Runs `write` twice; what is stored after each, runId and timestamps left out, and whether each held. */
    const outcome = async (
      runId: string,
      write: (runId: string) => TransactItem,
      seed?: (runId: string) => Promise<void>,
    ) => {
      await seed?.(runId)
      const results = []
      for (let attempt = 0; attempt < 2; attempt++) {
        const w = write(runId)
        let held = true
        try {
          await executeTransactWrite(w)
        } catch (error) {
          if (!isTransactionCancelled(error)) throw error
          held = false
        }
        const params = w.params()
        const key = params.Update?.Key ?? { PK: params.Put?.Item?.PK, SK: params.Put?.Item?.SK }
        const { Item } = await t.table
          .getDocumentClient()
          .send(new GetCommand({ TableName: t.table.getName(), Key: key, ConsistentRead: true }))
        const { _ct, _md, ...rest } = Item ?? {}
        results.push({
          held,
          timestamps: [_ct !== undefined, _md !== undefined],
          item: JSON.parse(JSON.stringify(rest).replaceAll(runId, 'RUN')),
        })
      }
      return results
    }

    const same = async (
      name: string,
      toolbox: (runId: string) => TransactItem,
      raw: (runId: string) => TransactItem,
      seed?: (runId: string) => Promise<void>,
    ) => {
      const expected = await outcome(`${name}-toolbox`, toolbox, seed)
      expect(expected[0]?.held).toBe(true)
      expect(await outcome(`${name}-raw`, raw, seed)).toEqual(expected)
    }

    it('event and marker puts', async () => {
      const events = makeEventEntity(t.table)
      const markers = makeEventMarkerEntity(t.table)
      const event = (runId: string) => ({
        tenantId: 'acme',
        runId,
        seq: 7,
        eventId: 'E7',
        name: 'TaskQueued',
        version: 1,
        occurredAt: '2026-12-02T10:00:00.000Z',
        body: '{"a":1}',
        prevHash: 'p',
        hash: 'h',
        GSI2PK: 'ARCHIVE#2026-12-02',
        GSI2SK: `2026-12-02T10:00:00.000Z#acme#${runId}#0000000007`,
      })
      const seqFree: RawCondition = { attr: 'seq', exists: false }
      await same(
        'event',
        (runId) =>
          events
            .build(PutTransaction)
            .item(event(runId))
            .options({ condition: { attr: 'seq', exists: false } }),
        (runId) => rawPutTransaction(events, event(runId), seqFree),
      )
      const markerCondition = {
        or: [
          { attr: 'eventId' as const, exists: false },
          {
            and: [
              { attr: 'seq' as const, exists: false },
              { attr: 'leaseUntil' as const, lt: Date.now() },
            ],
          },
        ],
      }
      await same(
        'marker',
        (runId) =>
          markers
            .build(PutTransaction)
            .item({ tenantId: 'acme', runId, eventId: 'E7', seq: 7 })
            .options({ condition: markerCondition }),
        (runId) =>
          rawPutTransaction(markers, { tenantId: 'acme', runId, eventId: 'E7', seq: 7 }, markerCondition),
      )
    })

    it('checkpoint items with nested payloads', async () => {
      const cp = makeCheckpointEntities(t.table)
      const writes = (runId: string) => ({
        PK: runPk('acme', runId),
        SK: 'WRITE#ns#cp1#task1#R',
        taskPath: '~__pregel_pull, agent',
        writes: [
          { channel: 'messages', idx: 0, value: { text: '{"a":1}' } },
          {
            channel: 'blob',
            idx: 1,
            value: { type: 'bytes', bytes: new Uint8Array([1, 2, 3]), zip: 'deflate-raw' },
          },
          { channel: 'big', idx: 2, value: { ref: 'blobs/abc' } },
        ],
        expiresAt: 1_900_000_000,
      })
      await same(
        'writes',
        (runId) =>
          cp.writes
            .build(PutTransaction)
            .item(writes(runId))
            .options({ condition: { attr: 'SK', exists: false } }),
        (runId) => rawPutTransaction(cp.writes, writes(runId), { attr: 'SK', exists: false }),
      )
      const values = (runId: string) => ({
        PK: runPk('acme', runId),
        SK: 'BLOB#ns#3',
        values: { messages: { text: '[]' }, state: { type: 'bytes', bytes: new Uint8Array([9]) } },
        hash: 'abc',
        expiresAt: 1_900_000_000,
      })
      const valuesCondition = {
        or: [
          { attr: 'SK' as const, exists: false },
          { attr: 'hash' as const, eq: 'other' },
          { attr: 'expiresAt' as const, lte: 1_800_000_000 },
        ],
      }
      await same(
        'values',
        (runId) =>
          cp.values.build(PutTransaction).item(values(runId)).options({ condition: valuesCondition }),
        (runId) => rawPutTransaction(cp.values, values(runId), valuesCondition),
      )
      const checkpoint = (runId: string) => ({
        PK: runPk('acme', runId),
        SK: 'CP#ns#cp2',
        threadId: runId,
        parentId: 'cp1',
        checkpoint: { text: '{"v":1}' },
        metadata: { text: '{}' },
        expiresAt: 1_900_000_000,
      })
      await same(
        'checkpoint',
        (runId) => cp.checkpoint.build(PutTransaction).item(checkpoint(runId)),
        (runId) => rawPutTransaction(cp.checkpoint, checkpoint(runId)),
      )
      const head = (runId: string) => ({
        PK: runPk('acme', runId),
        SK: 'CP#ns',
        checkpointId: 'cp2',
        writerId: 'w1',
        claimedAt: 1_000,
        expiresAt: 1_900_000_000,
      })
      const headCondition = {
        or: [
          { attr: 'SK' as const, exists: false },
          {
            and: [
              { attr: 'writerId' as const, eq: 'w1' },
              { attr: 'checkpointId' as const, lt: 'cp2' },
            ],
          },
        ],
      }
      await same(
        'head',
        (runId) => cp.head.build(PutTransaction).item(head(runId)).options({ condition: headCondition }),
        (runId) => rawPutTransaction(cp.head, head(runId), headCondition),
      )
    })

    it("run delivery's step and lease writes", async () => {
      const runs = makeRunEntity(t.table)
      const steps = makeStepEntity(t.table)
      const delivery = makeRunDelivery(t.table, () => new Date('2026-12-02T10:00:00.000Z'))
      const seedRun = async (runId: string) => {
        await runs
          .build(PutItemCommand)
          .item({
            tenantId: 'acme',
            runId,
            status: 'running',
            request: 'r',
            createdAt: 'c',
            updatedAt: 'u',
            GSI1PK: 'g',
            GSI1SK: 'g',
            unrouted: ['old'],
            leaseOwner: holder.owner,
            leaseUntil: 5,
            leaseIncarnation: 2,
          })
          .send()
      }
      const step = { stepId: 's1', team: 'writer', inputs: [], taskEventId: 'T1' }
      await same(
        'queue',
        (runId) =>
          steps
            .build(PutTransaction)
            .item({
              tenantId: 'acme',
              runId,
              stepId: 's1',
              team: 'writer',
              status: 'queued',
              inputJson: '[]',
              taskEventId: 'T1',
              dispatched: true,
              queuedAt: '2026-12-02T10:00:00.000Z',
            })
            .options({ condition: { attr: 'stepId', exists: false } }),
        (runId) => delivery.queueStepWrite({ tenantId: 'acme', runId }, step),
      )
      for (const outcome of [
        { status: 'completed' as const, output: { text: 'done' }, resultEventId: 'R1' },
        {
          status: 'failed' as const,
          error: { code: 'model.failed', message: 'no', retryable: false },
          resultEventId: 'R2',
        },
      ])
        await same(
          `finish-${outcome.status}`,
          (runId) =>
            steps
              .build(UpdateTransaction)
              .item(
                finishedStep({ tenantId: 'acme', runId, stepId: 's1' }, outcome, '2026-12-02T10:00:00.000Z'),
              )
              .options({ condition: { attr: 'status', eq: 'queued' } }),
          (runId) => delivery.finishStepWrite({ tenantId: 'acme', runId, stepId: 's1' }, outcome),
          async (runId) => {
            await executeTransactWrite(delivery.queueStepWrite({ tenantId: 'acme', runId }, step))
          },
        )
      for (const [eventIds, version] of [
        [['e1', 'e2'], 'v3'],
        [[], undefined],
      ] as const)
        await same(
          `fence-${eventIds.length}`,
          (runId) =>
            runs
              .build(UpdateTransaction)
              .item({
                tenantId: 'acme',
                runId,
                updatedAt: '2026-12-02T10:00:00.000Z',
                ...(eventIds.length > 0 ? { unrouted: $set([...eventIds]) } : {}),
                ...(version ? { checkpointVersion: version } : {}),
              })
              .options({ condition: holdsLease(holder) }),
          (runId) => delivery.fenceWrite({ tenantId: 'acme', runId }, holder, eventIds, version),
          seedRun,
        )
      // endLease's release, with the routed list dropped: through a transaction (it goes with other writes).
      await same(
        'release',
        (runId) =>
          runs
            .build(UpdateTransaction)
            .item({
              tenantId: 'acme',
              runId,
              leaseOwner: $remove(),
              leaseUntil: $remove(),
              leaseIncarnation: $remove(),
              unrouted: $remove(),
            })
            .options({ condition: holdsLease(holder) }),
        (runId) =>
          rawUpdateTransaction(
            runs,
            { tenantId: 'acme', runId },
            { set: {}, remove: ['leaseOwner', 'leaseUntil', 'leaseIncarnation', 'unrouted'] },
            holdsLease(holder),
          ),
        seedRun,
      )
    })
  })

describeRawWrites('embedded engine', startTestTable)

describeRawWrites('DynamoDB on moto', async () => {
  const clients = motoClients()
  const name = uniquePrefix('raw-writes')
  await ensureTable(clients.dynamo.client, name)
  return { table: makeTable(clients.dynamo.documentClient, name), close: async () => clients.destroy() }
})
