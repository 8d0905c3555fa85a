import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { PutItemCommand } from 'dynamodb-toolbox'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { newId } from '#events'
import { motoClients, uniquePrefix } from '../../runtime/aws/testing/emulator.ts'
import { makeRunEntity } from './entities/run.ts'
import { runPk } from './keys.ts'
import { type ChorusTable, ensureTable, makeTable } from './table.ts'
import { startTestTable } from './testing.ts'

/**
 * Test harness of the `raw-*-ops.int.test.ts` suites: each case runs an operation once through
 * dynamodb-toolbox and once as sent raw (`raw-write.ts`, `raw-read.ts`), each in its own partition
 * seeded the same way, and compares the answers and every item of the partition afterwards (ids left
 * out). Every suite runs on the embedded engine and on moto's DynamoDB.
 */

export const holder = { owner: 'delivery-1', incarnation: 2 }
export const other = { owner: 'delivery-9', incarnation: 2 }
export const NOW = Date.parse('2026-12-02T10:00:00.000Z')
export const runPartition = (runId: string) => runPk('acme', runId)

interface Env {
  table: ChorusTable
  close: () => Promise<void>
}

/** One case: where its items live, how both partitions are seeded, and the operation both ways. */
export interface RawCase {
  pk: (token: string) => string
  seed?: (token: string) => Promise<void>
  toolbox: (token: string) => Promise<unknown>
  raw: (token: string) => Promise<unknown>
}

export interface RawOps {
  /** The table of the engine the suite runs on (set before the first test). */
  env: { readonly table: ChorusTable }
  /** Runs a case (each operation `times` times) and expects the same answers and stored items; returns the answers. */
  same: (cases: RawCase, times?: number) => Promise<unknown[]>
  /** Seeds a run item with most of its optional attributes set, `extra` over them. */
  seedRun: (extra?: Record<string, unknown>) => (runId: string) => Promise<void>
}

const normalise = (token: string, value: unknown) =>
  value === undefined ? 'undefined' : JSON.parse(JSON.stringify(value).replaceAll(token, 'ID'))

const makeRawOps = (current: () => ChorusTable): RawOps => {
  const env = {
    get table() {
      return current()
    },
  }
  /** What an operation answered (or the error it threw, by name), with the id token left out. */
  const settle = async (token: string, op: () => Promise<unknown>) => {
    try {
      return { result: normalise(token, await op()) }
    } catch (error) {
      return { error: (error as { name?: string }).name }
    }
  }
  const stored = async (token: string, pk: string) => {
    const { Items = [] } = await env.table.getDocumentClient().send(
      new QueryCommand({
        TableName: env.table.getName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    )
    return normalise(token, Items)
  }
  const same: RawOps['same'] = async (cases, times = 2) => {
    const run = async (op: (token: string) => Promise<unknown>) => {
      const token = newId()
      await cases.seed?.(token)
      const answers = []
      for (let i = 0; i < times; i++) answers.push(await settle(token, () => op(token)))
      return { answers, items: await stored(token, cases.pk(token)) }
    }
    const expected = await run(cases.toolbox)
    expect(await run(cases.raw)).toEqual(expected)
    return expected.answers
  }
  const seedRun: RawOps['seedRun'] =
    (extra = {}) =>
    async (runId) => {
      await makeRunEntity(env.table)
        .build(PutItemCommand)
        .item({
          tenantId: 'acme',
          runId,
          status: 'running',
          request: 'r',
          chatId: 'c1',
          createdAt: '2026-12-02T09:00:00.000Z',
          updatedAt: '2026-12-02T09:30:00.000Z',
          failure: { code: 'x.y', message: 'm', retryable: true },
          GSI1PK: 'g',
          GSI1SK: 'g',
          unrouted: ['E1', 'E2'],
          checkpointVersion: 'v2',
          approval: 'plan',
          startEvent: '{}',
          ...extra,
        })
        .send()
    }
  return { env, same, seedRun }
}

const ENGINES: [string, () => Promise<Env>][] = [
  ['embedded engine', startTestTable],
  [
    'DynamoDB on moto',
    async () => {
      const clients = motoClients()
      const name = uniquePrefix('raw-ops')
      await ensureTable(clients.dynamo.client, name)
      return { table: makeTable(clients.dynamo.documentClient, name), close: async () => clients.destroy() }
    },
  ],
]

/** `body`'s tests, once on each engine, each with a fresh table. */
export const describeOnBothEngines = (title: string, body: (ops: RawOps) => void) => {
  for (const [engine, setup] of ENGINES)
    describe(`${title}: ${engine}`, () => {
      let env: Env | undefined
      beforeAll(async () => {
        env = await setup()
      })
      afterAll(() => env?.close())
      body(
        makeRawOps(() => {
          if (!env) throw new Error('the table is set up before the first test')
          return env.table
        }),
      )
    })
}
