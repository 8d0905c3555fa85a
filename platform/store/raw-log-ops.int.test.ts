import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { GetItemCommand, PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { expect, it } from 'vitest'
import { makeEventEntity, makeEventMarkerEntity } from './entities/event.ts'
import { makeEventLog } from './event-log.ts'
import { keys, runPk, SK_PREFIX } from './keys.ts'
import { describeOnBothEngines, runPartition } from './raw-ops.harness.ts'
import { rawGet, rawQuery, rawQueryLast } from './raw-read.ts'
import { EventBody, EventHead, EventLink, EventMarkerItem } from './stored-items.ts'

/**
 * The event log's reads sent raw (`raw-read.ts`) answer what toolbox's queries and gets do: the head,
 * an event by seq, an id's marker and the log (see `raw-ops.harness.ts`).
 */
describeOnBothEngines("raw event log reads as toolbox's", ({ env, same }) => {
  it("reads an event log's head, an event by seq and an id's marker", async () => {
    const events = makeEventEntity(env.table)
    const markers = makeEventMarkerEntity(env.table)
    const seedLog = async (runId: string) => {
      for (const seq of [1, 2, 3])
        await events
          .build(PutItemCommand)
          .item({
            tenantId: 'acme',
            runId,
            seq,
            eventId: `E${seq}`,
            name: 'TaskQueued',
            version: 1,
            occurredAt: '2026-12-02T10:00:00.000Z',
            body: `{"seq":${seq}}`,
            prevHash: `h${seq - 1}`,
            hash: `h${seq}`,
            GSI2PK: 'ARCHIVE#2026-12-02',
            GSI2SK: `x#${seq}`,
          })
          .send()
      await markers.build(PutItemCommand).item({ tenantId: 'acme', runId, eventId: 'E3', seq: 3 }).send()
      await markers
        .build(PutItemCommand)
        .item({
          tenantId: 'acme',
          runId,
          eventId: 'E4',
          leaseOwner: 'o',
          leaseUntil: 7,
          leaseIncarnation: 0,
        })
        .send()
    }
    const toolboxHead = async (runId: string) => {
      const { Items } = await env.table
        .build(QueryCommand)
        .query({ partition: runPk('acme', runId), range: { beginsWith: SK_PREFIX.event } })
        .entities(events)
        .options({ reverse: true, limit: 1, consistent: true })
        .send()
      const last = Items?.[0]
      return last ? { seq: last.seq, hash: last.hash } : undefined
    }
    const rawHead = (runId: string) =>
      rawQueryLast(events, runPk('acme', runId), { beginsWith: SK_PREFIX.event }, EventHead)
    const [head] = await same({ pk: runPartition, seed: seedLog, toolbox: toolboxHead, raw: rawHead })
    expect(head).toEqual({ result: { seq: 3, hash: 'h3' } })
    await same({ pk: runPartition, toolbox: toolboxHead, raw: rawHead })
    // An item of another entity last under the prefix: the limit comes before the entity filter, in both.
    const foreignLast = async (runId: string) => {
      await seedLog(runId)
      await env.table.getDocumentClient().send(
        new PutCommand({
          TableName: env.table.getName(),
          Item: { PK: runPk('acme', runId), SK: 'EVT#~', _et: 'Other' },
        }),
      )
    }
    const [none] = await same({ pk: runPartition, seed: foreignLast, toolbox: toolboxHead, raw: rawHead })
    expect(none).toEqual({ result: 'undefined' })

    for (const seq of [2, 9])
      await same({
        pk: runPartition,
        seed: seedLog,
        toolbox: async (runId) => {
          const { Item } = await events
            .build(GetItemCommand)
            .key({ tenantId: 'acme', runId, seq })
            .options({ consistent: true })
            .send()
          return Item ? { body: Item.body } : undefined
        },
        raw: (runId) => rawGet(events, { tenantId: 'acme', runId, seq }, EventBody),
      })
    for (const eventId of ['E3', 'E4', 'E5'])
      await same({
        pk: runPartition,
        seed: seedLog,
        toolbox: async (runId) => {
          const { Item } = await markers
            .build(GetItemCommand)
            .key({ tenantId: 'acme', runId, eventId })
            .options({ consistent: true })
            .send()
          return Item
            ? {
                ...(Item.seq !== undefined ? { seq: Item.seq } : {}),
                ...(Item.leaseUntil !== undefined ? { leaseUntil: Item.leaseUntil } : {}),
              }
            : undefined
        },
        raw: (runId) => rawGet(markers, { tenantId: 'acme', runId, eventId }, EventMarkerItem),
      })
  })

  it("lists a run's log, whole or after a seq", async () => {
    const events = makeEventEntity(env.table)
    const log = makeEventLog(env.table)
    const seed = async (runId: string) => {
      for (const seq of [1, 2, 3])
        await events
          .build(PutItemCommand)
          .item({
            tenantId: 'acme',
            runId,
            seq,
            eventId: `E${seq}`,
            name: 'TaskQueued',
            version: 1,
            occurredAt: 'o',
            body: `{"seq":${seq}}`,
            prevHash: `h${seq - 1}`,
            hash: `h${seq}`,
            GSI2PK: 'g',
            GSI2SK: `g${seq}`,
          })
          .send()
    }

    for (const afterSeq of [0, 1, 3])
      await same({
        pk: runPartition,
        seed,
        toolbox: async (runId) => {
          const { Items = [] } = await env.table
            .build(QueryCommand)
            .query({
              partition: runPk('acme', runId),
              range:
                afterSeq === 0
                  ? { beginsWith: SK_PREFIX.event }
                  : { between: [keys.event('acme', runId, afterSeq + 1).SK, `${SK_PREFIX.event}\uffff`] },
            })
            .entities(events)
            .options({ consistent: true, maxPages: Number.POSITIVE_INFINITY })
            .send()
          return Items.map(({ seq, eventId, prevHash, hash, body }) => ({
            seq,
            eventId,
            prevHash,
            hash,
            body,
          }))
        },
        raw: async (runId) =>
          afterSeq === 0
            ? log.chain('acme', runId)
            : rawQuery(
                events,
                runPk('acme', runId),
                { between: [keys.event('acme', runId, afterSeq + 1).SK, `${SK_PREFIX.event}\uffff`] },
                EventLink,
              ),
      })
  })
})
