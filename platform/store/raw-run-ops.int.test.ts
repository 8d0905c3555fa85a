import { PutCommand } from '@aws-sdk/lib-dynamodb'
import {
  $remove,
  $set,
  ConditionCheck,
  executeTransactWrite,
  GetItemCommand,
  isTransactionCancelled,
  PutItemCommand,
  PutTransaction,
  UpdateItemCommand,
} from 'dynamodb-toolbox'
import { expect, it } from 'vitest'
import { newId } from '#events'
import { makeModelCallEntity } from './entities/model-call.ts'
import { makeRunEntity } from './entities/run.ts'
import { makeStepEntity } from './entities/step.ts'
import type { TransactItem } from './event-log.ts'
import { gsi, keys } from './keys.ts'
import { holdsLease, leaseOf, mayTakeLease } from './lease.ts'
import { describeOnBothEngines, holder, NOW, other, runPartition } from './raw-ops.harness.ts'
import { rawGet } from './raw-read.ts'
import { makeRunDelivery } from './run-delivery.ts'
import { toRunRecord, toStepRecord } from './run-record.ts'
import { makeRunStore } from './run-store.ts'
import { ModelCallItem, RunItem, StepItem } from './stored-items.ts'
import { isConditionalFailure } from './table.ts'

/**
 * The run's hot operations sent raw (`raw-write.ts`, `raw-read.ts`) answer and store what toolbox's
 * commands do: the run lease and its release, a step's claim and release, the run-goes-on check, the
 * status change and the run read; and a whole run item decodes as toolbox formats it (see
 * `raw-ops.harness.ts`).
 */
describeOnBothEngines("raw run operations as toolbox's", ({ env, same, seedRun }) => {
  it('takes and gives back a run lease', async () => {
    const runs = makeRunEntity(env.table)
    const delivery = makeRunDelivery(env.table, () => new Date(NOW))
    const toolboxTake = async (runId: string, who = holder) => {
      try {
        const { Attributes } = await runs
          .build(UpdateItemCommand)
          .item({ tenantId: 'acme', runId, ...leaseOf(who, NOW, 30_000) })
          .options({
            condition: { and: [{ attr: 'runId', exists: true }, mayTakeLease(who, NOW)] },
            returnValues: 'ALL_NEW',
          })
          .send()
        if (!Attributes) return undefined
        return {
          run: toRunRecord(Attributes),
          unrouted: Attributes.unrouted ?? [],
          checkpointVersion: Attributes.checkpointVersion,
        }
      } catch (error) {
        if (isConditionalFailure(error)) return undefined
        throw error
      }
    }
    const rawTake = (runId: string, who = holder) =>
      delivery.takeLease({ tenantId: 'acme', runId }, who, 30_000)
    // Free, then renewed by its holder.
    const [taken] = await same({ pk: runPartition, seed: seedRun(), toolbox: toolboxTake, raw: rawTake })
    expect(taken).toMatchObject({ result: { run: { status: 'running' }, unrouted: ['E1', 'E2'] } })
    // Held by another live holder; expired; of an earlier incarnation; a run that does not exist.
    for (const lease of [
      { leaseOwner: other.owner, leaseUntil: NOW + 5, leaseIncarnation: 2 },
      { leaseOwner: other.owner, leaseUntil: NOW - 5, leaseIncarnation: 2 },
      { leaseOwner: other.owner, leaseUntil: NOW + 5, leaseIncarnation: 1 },
    ])
      await same({ pk: runPartition, seed: seedRun(lease), toolbox: toolboxTake, raw: rawTake })
    await same({ pk: runPartition, toolbox: toolboxTake, raw: rawTake })

    const held = seedRun({ leaseOwner: holder.owner, leaseUntil: NOW + 5, leaseIncarnation: 2 })
    for (const routed of [true, false])
      for (const who of [holder, other])
        await same({
          pk: runPartition,
          seed: held,
          toolbox: async (runId) => {
            try {
              await runs
                .build(UpdateItemCommand)
                .item({
                  tenantId: 'acme',
                  runId,
                  leaseOwner: $remove(),
                  leaseUntil: $remove(),
                  leaseIncarnation: $remove(),
                  ...(routed ? { unrouted: $remove() } : {}),
                })
                .options({ condition: holdsLease(who) })
                .send()
            } catch (error) {
              if (!isConditionalFailure(error)) throw error
            }
          },
          raw: (runId) => delivery.endLease({ tenantId: 'acme', runId }, who, { routed }),
        })
  })

  it('claims a step, finds a held, finished or missing one, and releases a claim', async () => {
    const steps = makeStepEntity(env.table)
    const delivery = makeRunDelivery(env.table, () => new Date(NOW))
    const seedStep =
      (extra: Record<string, unknown> = {}) =>
      async (runId: string) => {
        await steps
          .build(PutItemCommand)
          .item({
            tenantId: 'acme',
            runId,
            stepId: 's1',
            team: 'writer',
            status: 'queued',
            inputJson: JSON.stringify([{ stepId: 's0', output: { text: 'before' } }]),
            taskEventId: 'T1',
            dispatched: true,
            queuedAt: '2026-12-02T09:00:00.000Z',
            ...extra,
          })
          .send()
      }
    const key = (runId: string) => ({ tenantId: 'acme', runId, stepId: 's1' })
    const toolboxClaim = async (runId: string) => {
      try {
        const { Attributes } = await steps
          .build(UpdateItemCommand)
          .item({ ...key(runId), ...leaseOf(holder, NOW, 30_000) })
          .options({
            condition: { and: [{ attr: 'status', eq: 'queued' }, mayTakeLease(holder, NOW)] },
            returnValues: 'ALL_NEW',
          })
          .send()
        if (Attributes) return { kind: 'claimed', step: toStepRecord(Attributes) }
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
      }
      const { Item } = await steps.build(GetItemCommand).key(key(runId)).options({ consistent: true }).send()
      if (!Item) return { kind: 'missing' }
      return Item.status === 'queued' ? { kind: 'held' } : { kind: 'finished', step: toStepRecord(Item) }
    }
    const rawClaim = (runId: string) => delivery.claimStep(key(runId), holder, 30_000)
    const claims = [
      await same({ pk: runPartition, seed: seedStep(), toolbox: toolboxClaim, raw: rawClaim }),
      await same({
        pk: runPartition,
        seed: seedStep({ leaseOwner: other.owner, leaseUntil: NOW + 5, leaseIncarnation: 2 }),
        toolbox: toolboxClaim,
        raw: rawClaim,
      }),
      await same({
        pk: runPartition,
        seed: seedStep({
          status: 'failed',
          resultEventId: 'R1',
          error: { code: 'model.failed', message: 'no', retryable: false },
          finishedAt: '2026-12-02T09:10:00.000Z',
        }),
        toolbox: toolboxClaim,
        raw: rawClaim,
      }),
      await same({
        pk: runPartition,
        seed: seedStep({ status: 'completed', outputJson: '{"text":"done"}', resultEventId: 'R1' }),
        toolbox: toolboxClaim,
        raw: rawClaim,
      }),
      await same({ pk: runPartition, toolbox: toolboxClaim, raw: rawClaim }),
    ]
    expect(claims.map(([first]) => (first as { result: { kind: string } }).result.kind)).toEqual([
      'claimed',
      'held',
      'finished',
      'finished',
      'missing',
    ])

    for (const who of [holder, other])
      await same({
        pk: runPartition,
        seed: seedStep({ leaseOwner: holder.owner, leaseUntil: NOW + 5, leaseIncarnation: 2 }),
        toolbox: async (runId) => {
          try {
            await steps
              .build(UpdateItemCommand)
              .item({
                ...key(runId),
                leaseOwner: $remove(),
                leaseUntil: $remove(),
                leaseIncarnation: $remove(),
              })
              .options({ condition: holdsLease(who) })
              .send()
          } catch (error) {
            if (!isConditionalFailure(error)) throw error
          }
        },
        raw: (runId) => delivery.releaseStep(key(runId), who),
      })
  })

  it("checks that a run goes on, in a transaction, as toolbox's ConditionCheck does", async () => {
    const runs = makeRunEntity(env.table)
    const delivery = makeRunDelivery(env.table, () => new Date(NOW))
    for (const extra of [{}, { status: 'completed' }, { cancelEventId: 'C1' }, { status: 'requested' }])
      await same({
        pk: runPartition,
        seed: seedRun(extra),
        toolbox: async (runId) => {
          const check = runs
            .build(ConditionCheck)
            .key({ tenantId: 'acme', runId })
            .condition({
              and: [
                { attr: 'status', in: ['requested', 'running', 'awaiting_approval'] },
                { attr: 'cancelEventId', exists: false },
              ],
            })
          return inTransaction(check, runId)
        },
        raw: (runId) => inTransaction(delivery.runGoesOnCheck({ tenantId: 'acme', runId }), runId),
      })
  })

  /** A condition check with a put beside it: whether the transaction held. */
  const inTransaction = async (check: TransactItem, runId: string) => {
    try {
      await executeTransactWrite(
        check,
        makeStepEntity(env.table).build(PutTransaction).item({
          tenantId: 'acme',
          runId,
          stepId: 'beside',
          team: 't',
          status: 'queued',
          inputJson: '[]',
          taskEventId: 'T',
          dispatched: false,
          queuedAt: 'q',
        }),
      )
      return 'held'
    } catch (error) {
      if (!isTransactionCancelled(error)) throw error
      return (error.CancellationReasons ?? []).map((r) => r.Code)
    }
  }

  it('moves a run from an expected status, as toolbox wrote it', async () => {
    const runs = makeRunEntity(env.table)
    const runStore = makeRunStore(env.table, () => new Date(NOW))
    for (const [from, patch] of [
      [['running'], {}],
      [['running', 'requested'], { output: 'done', terminalEventId: 'T9' }],
      [['requested'], { failure: { code: 'x', message: 'm', retryable: false } }],
    ] as const)
      await same({
        pk: runPartition,
        seed: seedRun({ failure: { code: 'old', message: 'old', retryable: true } }),
        toolbox: async (runId) => {
          try {
            await runs
              .build(UpdateItemCommand)
              .item({
                tenantId: 'acme',
                runId,
                status: 'completed',
                GSI2PK: gsi.runStatusPk('acme', 'completed'),
                updatedAt: new Date(NOW).toISOString(),
                ...('output' in patch ? { output: patch.output } : {}),
                ...('terminalEventId' in patch ? { terminalEventId: patch.terminalEventId } : {}),
                ...('failure' in patch ? { failure: $set(patch.failure) } : {}),
              })
              .options({ condition: { attr: 'status', in: [...from] } })
              .send()
            return true
          } catch (error) {
            if (isConditionalFailure(error)) return false
            throw error
          }
        },
        raw: (runId) => runStore.transitionRun({ tenantId: 'acme', runId }, from, 'completed', patch),
      })
  })

  it('reads a run as toolbox formats it', async () => {
    const runStore = makeRunStore(env.table)
    for (const seeded of [true, false]) {
      const maybe = seeded ? { seed: seedRun() } : {}
      await same({
        pk: runPartition,
        ...maybe,
        toolbox: async (runId) => {
          const { Item } = await makeRunEntity(env.table)
            .build(GetItemCommand)
            .key({ tenantId: 'acme', runId })
            .options({ consistent: true })
            .send()
          return Item ? toRunRecord(Item) : undefined
        },
        raw: (runId) => runStore.getRun('acme', runId),
      })
    }
  })

  it('decodes whole run and step items as toolbox formats them, and refuses what it would refuse', async () => {
    const runs = makeRunEntity(env.table)
    const steps = makeStepEntity(env.table)
    // Every attribute a formatted item shows (the entity attribute is hidden).
    const shown = (attributes: Record<string, { props: object }>) =>
      Object.entries(attributes)
        .filter(([, attribute]) => (attribute.props as { hidden?: boolean }).hidden !== true)
        .map(([name]) => name)
        .sort()
    expect(Object.keys(RunItem.shape).sort()).toEqual(shown(runs.schema.attributes))
    expect(Object.keys(StepItem.shape).sort()).toEqual(shown(steps.schema.attributes))
    expect(Object.keys(ModelCallItem.shape).sort()).toEqual(
      shown(makeModelCallEntity(env.table).schema.attributes),
    )
    const runId = newId()
    await seedRun({
      leaseOwner: 'o',
      leaseUntil: 1,
      leaseIncarnation: 0,
      output: 'o',
      terminalEventId: 't',
      handedOverAt: 'h',
      cancelEventId: 'c',
      approvalEventId: 'a',
      approvalExpiresAt: 'x',
      approvalDecision: '{}',
      queuedStart: '{}',
      afterRunId: 'r0',
      nextRunId: 'r2',
      discardedAt: 'd',
      GSI2PK: 'p',
      GSI2SK: 's',
    })(runId)
    const { Item } = await runs.build(GetItemCommand).key({ tenantId: 'acme', runId }).send()
    expect(await rawGet(runs, { tenantId: 'acme', runId }, RunItem)).toEqual(Item)

    // A stored item that breaks its schema: toolbox refuses it, and so does the raw read.
    await env.table.getDocumentClient().send(
      new PutCommand({
        TableName: env.table.getName(),
        Item: { ...keys.run('acme', runId), _et: 'Run', ...Item, status: 'bogus' },
      }),
    )
    await expect(runs.build(GetItemCommand).key({ tenantId: 'acme', runId }).send()).rejects.toThrow()
    await expect(rawGet(runs, { tenantId: 'acme', runId }, RunItem)).rejects.toMatchObject({
      code: 'internal',
    })
    await expect(
      makeRunDelivery(env.table).takeLease({ tenantId: 'acme', runId }, holder, 1_000),
    ).rejects.toMatchObject({ code: 'internal' })
  })
})
