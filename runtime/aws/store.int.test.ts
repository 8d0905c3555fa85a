import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId, RunRequested } from '#events'
import {
  type ChorusTable,
  ensureTable,
  makeEventLog,
  makeIdempotency,
  makeRunStore,
  makeTable,
} from '#platform/store/index.ts'
import { describeModelAttemptConformance } from '#platform/store/model-attempt-store.conformance.ts'
import { describeApprovalConformance } from '#platform/store/run-approvals.conformance.ts'
import { describeStoreConformance } from '#platform/store/store.conformance.ts'
import { describeDoubleTextingConformance } from '#services/api/store/double-texting.conformance.ts'
import { describeUsageLedgerConformance } from '#services/audit/store/usage-ledger.conformance.ts'
import { motoClients, uniquePrefix } from './testing/emulator.ts'

/**
 * The single table's guarantees the AWS path relies on, on moto's DynamoDB with the same entities
 * and keys as the embedded store (dynalite, `platform/store/store.int.test.ts`).
 */
describe('store on DynamoDB (moto)', () => {
  const clients = motoClients()
  let table: ChorusTable
  beforeAll(async () => {
    const name = uniquePrefix('store')
    await ensureTable(clients.dynamo.client, name)
    table = makeTable(clients.dynamo.documentClient, name)
  })
  afterAll(() => clients.destroy())

  const draft = (runId: string, request = 'hello') =>
    RunRequested.draft(
      { request },
      {
        tenantId: 'acme',
        runId,
        correlationId: runId,
        causationId: null,
        route: 'async',
        actor: { kind: 'user', id: 'u' },
      },
    )

  it('appends concurrent events at gap-free seq 1..n, each event id once', async () => {
    const log = makeEventLog(table)
    const runId = newId()
    const drafts = Array.from({ length: 8 }, (_, i) => draft(runId, `r${i}`))
    await Promise.all(drafts.map((d) => log.append(d)))
    const again = drafts[3] as ReturnType<typeof draft>
    expect((await log.append(again)).meta.seq).toBe(
      (await log.list('acme', runId)).find((e) => e.meta.eventId === again.meta.eventId)?.meta.seq,
    )
    const events = await log.list('acme', runId)
    expect(events.map((e) => e.meta.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(new Set(events.map((e) => e.meta.eventId)).size).toBe(8)
  })

  it('moves a run only from the expected status and keeps tenants apart', async () => {
    const runs = makeRunStore(table)
    const key = { tenantId: 'acme', runId: newId() }
    expect(await runs.createRun({ ...key, request: 'x' })).toBe(true)
    expect(await runs.createRun({ ...key, request: 'x' })).toBe(false)
    expect(await runs.transitionRun(key, ['requested'], 'running')).toBe(true)
    expect(await runs.transitionRun(key, ['requested'], 'running')).toBe(false)
    expect(await runs.getRun('globex', key.runId)).toBeUndefined()
  })

  it('runs work once per event id, refusing a concurrent delivery while the first holds the lease', async () => {
    const idempotency = makeIdempotency(table)
    const key = { tenantId: 'acme', consumer: 'workers', eventId: newId() }
    let release = () => {}
    const first = idempotency.once(key, () => new Promise<void>((resolve) => (release = resolve)))
    await new Promise((resolve) => setTimeout(resolve, 100))
    await expect(idempotency.once(key, async () => {})).rejects.toMatchObject({ retryable: true })
    release()
    expect(await first).toBe('processed')
    expect(await idempotency.once(key, async () => {})).toBe('duplicate')
  })
})

describeStoreConformance('DynamoDB on moto', async () => {
  const clients = motoClients()
  const name = uniquePrefix('conformance')
  await ensureTable(clients.dynamo.client, name)
  return { table: makeTable(clients.dynamo.documentClient, name), close: async () => clients.destroy() }
})

describeModelAttemptConformance('DynamoDB on moto', async () => {
  const clients = motoClients()
  const name = uniquePrefix('attempts')
  await ensureTable(clients.dynamo.client, name)
  return { table: makeTable(clients.dynamo.documentClient, name), close: async () => clients.destroy() }
})

describeApprovalConformance('DynamoDB on moto', async () => {
  const clients = motoClients()
  const name = uniquePrefix('approvals')
  await ensureTable(clients.dynamo.client, name)
  return { table: makeTable(clients.dynamo.documentClient, name), close: async () => clients.destroy() }
})

describeDoubleTextingConformance('DynamoDB on moto', async () => {
  const clients = motoClients()
  const name = uniquePrefix('double-texting')
  await ensureTable(clients.dynamo.client, name)
  return { table: makeTable(clients.dynamo.documentClient, name), close: async () => clients.destroy() }
})

describeUsageLedgerConformance('DynamoDB on moto', async () => {
  const clients = motoClients()
  const name = uniquePrefix('usage')
  await ensureTable(clients.dynamo.client, name)
  return { table: makeTable(clients.dynamo.documentClient, name), close: async () => clients.destroy() }
})
