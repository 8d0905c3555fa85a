import {
  executeTransactWrite,
  GetItemCommand,
  PutItemCommand,
  PutTransaction,
  QueryCommand,
  UpdateItemCommand,
} from 'dynamodb-toolbox'
import { expect, it } from 'vitest'
import { newId } from '#events'
import { makeDedupEntity } from './entities/dedup.ts'
import { makeDefinitionEntity } from './entities/definition.ts'
import { makePlanEntity } from './entities/plan.ts'
import { makeIdempotency } from './idempotency.ts'
import { keys, runPk, SK_PREFIX } from './keys.ts'
import { leaseOf, mayTakeLease } from './lease.ts'
import { describeOnBothEngines, holder, NOW, other, runPartition } from './raw-ops.harness.ts'
import { rawGet, rawQueryLast } from './raw-read.ts'
import { rawPutItem, rawPutTransaction, rawUpdateItem } from './raw-write.ts'
import { DedupStatus, DefinitionItem, PlanItem } from './stored-items.ts'

/**
 * Definitions, idempotency records and plans sent raw (`raw-write.ts`, `raw-read.ts`) store and answer
 * what toolbox's commands do (see `raw-ops.harness.ts`).
 */
describeOnBothEngines("raw definition, idempotency and plan operations as toolbox's", ({ env, same }) => {
  it('reads the latest version of a definition, or a given one', async () => {
    const definitions = makeDefinitionEntity(env.table, 'TEAM')
    const pk = (name: string) => keys.definition('acme', 'TEAM', name, 0).PK
    const seed = async (name: string) => {
      for (const [version, json] of [
        [1, '{"a":1}'],
        [2, '{"a":2}'],
        [3, 'null'],
      ] as const)
        await definitions
          .build(PutItemCommand)
          .item({
            tenantId: 'acme',
            name,
            version,
            definitionJson: json,
            createdAt: `2026-12-0${version}`,
            GSI1PK: 'g',
            GSI1SK: `${name}#${version}`,
          })
          .send()
    }
    for (const version of [undefined, 2, 7])
      for (const seeded of [true, false])
        await same({
          pk,
          ...(seeded ? { seed } : {}),
          toolbox: async (name) => {
            const { Items } = await env.table
              .build(QueryCommand)
              .query({
                partition: pk(name),
                range:
                  version === undefined
                    ? { beginsWith: SK_PREFIX.version }
                    : { eq: keys.definition('acme', 'TEAM', name, version).SK },
              })
              .entities(definitions)
              .options({ reverse: true, limit: 1, consistent: true })
              .send()
            const found = Items?.[0]
            return found
              ? { definitionJson: found.definitionJson, version: found.version, createdAt: found.createdAt }
              : undefined
          },
          raw: (name) =>
            rawQueryLast(
              definitions,
              pk(name),
              version === undefined
                ? { beginsWith: SK_PREFIX.version }
                : { eq: keys.definition('acme', 'TEAM', name, version).SK },
              DefinitionItem,
            ),
        })
  })

  it("claims, finishes and reads an idempotency record as toolbox's commands do", async () => {
    const records = makeDedupEntity(env.table)
    const pk = (eventId: string) => keys.dedup('acme', 'workers', eventId).PK
    const key = (eventId: string) => ({ tenantId: 'acme', consumer: 'workers', eventId })
    const claim = (eventId: string) => ({
      ...key(eventId),
      status: 'processing' as const,
      ...leaseOf(holder, NOW, 60_000),
      expiresAt: 1_900_000_000,
    })
    const seedClaim =
      (extra: Record<string, unknown> = {}) =>
      async (eventId: string) => {
        await records
          .build(PutItemCommand)
          .item({ ...claim(eventId), leaseOwner: other.owner, ...extra })
          .send()
      }
    for (const seed of [
      undefined,
      seedClaim(),
      seedClaim({ leaseUntil: NOW - 1 }),
      seedClaim({ status: 'done' }),
    ]) {
      await same({
        pk,
        ...(seed ? { seed } : {}),
        toolbox: (eventId) =>
          records
            .build(PutItemCommand)
            .item(claim(eventId))
            .options({
              condition: {
                or: [
                  { attr: 'eventId', exists: false },
                  { and: [{ attr: 'status', eq: 'processing' }, mayTakeLease(holder, NOW)] },
                ],
              },
            })
            .send()
            .then(() => 'put'),
        raw: (eventId) =>
          rawPutItem(records, claim(eventId), {
            or: [
              { attr: 'eventId', exists: false },
              { and: [{ attr: 'status', eq: 'processing' }, mayTakeLease(holder, NOW)] },
            ],
          }).then(() => 'put'),
      })
      for (const onlyIfDone of [true, false])
        await same({
          pk,
          ...(seed ? { seed } : {}),
          toolbox: (eventId) =>
            records
              .build(UpdateItemCommand)
              .item({ ...key(eventId), status: 'done' })
              .options(onlyIfDone ? { condition: { attr: 'status', eq: 'done' } } : {})
              .send()
              .then(() => 'updated'),
          raw: (eventId) =>
            rawUpdateItem(
              records,
              key(eventId),
              { set: { status: 'done' } },
              onlyIfDone ? { condition: { attr: 'status', eq: 'done' } } : {},
            ).then(() => 'updated'),
        })
      await same({
        pk,
        ...(seed ? { seed } : {}),
        toolbox: async (eventId) => {
          const { Item } = await records
            .build(GetItemCommand)
            .key(key(eventId))
            .options({ consistent: true })
            .send()
          return Item ? { status: Item.status } : undefined
        },
        raw: (eventId) => rawGet(records, key(eventId), DedupStatus),
      })
    }
    const done = (eventId: string) => ({
      ...key(eventId),
      status: 'done' as const,
      expiresAt: 1_900_000_000,
    })
    await same({
      pk,
      toolbox: (eventId) =>
        executeTransactWrite(records.build(PutTransaction).item(done(eventId))).then(() => 'ok'),
      raw: (eventId) => executeTransactWrite(rawPutTransaction(records, done(eventId))).then(() => 'ok'),
    })
    // The store itself, end to end: a first delivery runs the work, the next is a duplicate.
    const idempotency = makeIdempotency(env.table)
    const eventId = newId()
    expect(await idempotency.once(key(eventId), async () => {})).toBe('processed')
    expect(await idempotency.isDone(key(eventId))).toBe(true)
    expect(await idempotency.once(key(eventId), async () => {})).toBe('duplicate')
  })

  it('reads the latest plan of a run', async () => {
    const plans = makePlanEntity(env.table)
    const seed = async (runId: string) => {
      for (const revision of [1, 2])
        await plans
          .build(PutItemCommand)
          .item({
            tenantId: 'acme',
            runId,
            revision,
            planJson: `{"r":${revision}}`,
            modelJson: '{}',
            eventId: `P${revision}`,
            ...(revision === 2 ? { approvalJson: '{}' } : {}),
            createdAt: 'c',
          })
          .send()
    }
    for (const seeded of [true, false]) {
      const maybe = seeded ? { seed } : {}
      await same({
        pk: runPartition,
        ...maybe,
        toolbox: async (runId) => {
          const { Items = [] } = await env.table
            .build(QueryCommand)
            .query({ partition: runPk('acme', runId), range: { beginsWith: SK_PREFIX.plan } })
            .entities(plans)
            .options({ consistent: true, reverse: true, limit: 1 })
            .send()
          const Item = Items[0]
          return Item
            ? {
                planJson: Item.planJson,
                modelJson: Item.modelJson,
                eventId: Item.eventId,
                createdAt: Item.createdAt,
                revision: Item.revision,
                ...(Item.approvalJson ? { approvalJson: Item.approvalJson } : {}),
              }
            : undefined
        },
        raw: (runId) => rawQueryLast(plans, runPk('acme', runId), { beginsWith: SK_PREFIX.plan }, PlanItem),
      })
    }
  })
})
