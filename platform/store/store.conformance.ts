import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId, RunRequested } from '#events'
import { makeEventLog } from './event-log.ts'
import { makeIdempotency } from './idempotency.ts'
import { makeLeaseHolder } from './lease.ts'
import { makeRunList } from './run-list.ts'
import { makeRunStore } from './run-store.ts'
import type { ChorusTable } from './table.ts'

/**
 * The guarantees of the single table Chorus relies on, for any DynamoDB API: gap-free seq under
 * concurrency, idempotent appends, tenant-first keys, conditional state changes, idempotency
 * leases. Run against the embedded engine and against moto's DynamoDB.
 */
const draftFor = (tenantId: string, runId: string, request = 'hello') =>
  RunRequested.draft(
    { request },
    {
      tenantId,
      runId,
      correlationId: runId,
      causationId: null,
      route: 'sync',
      actor: { kind: 'user', id: 'u1' },
    },
  )

export const describeStoreConformance = (
  name: string,
  setup: () => Promise<{ table: ChorusTable; close: () => Promise<void> }>,
) =>
  describe(`store conformance: ${name}`, () => {
    let env: { table: ChorusTable; close: () => Promise<void> }
    beforeAll(async () => {
      env = await setup()
    })
    afterAll(() => env.close())

    it('appends concurrent events at gap-free seq 1..n', async () => {
      const log = makeEventLog(env.table)
      const runId = newId()
      await Promise.all(Array.from({ length: 12 }, (_, i) => log.append(draftFor('acme', runId, `r${i}`))))
      const events = await log.list('acme', runId)
      expect(events.map((e) => e.meta.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
    })

    it('appends the same event id once, also when two writers append it at the same time', async () => {
      const log = makeEventLog(env.table)
      const runId = newId()
      const draft = draftFor('acme', runId)
      const results = await Promise.allSettled([log.append(draft), log.append(draft), log.append(draft)])
      const retry = async (): Promise<Awaited<ReturnType<typeof log.append>>> => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await log.append(draft)
          } catch (error) {
            if (attempt > 20) throw error
            await new Promise((r) => setTimeout(r, 10)) // a loser comes back later, as its queue would redeliver
          }
        }
      }
      const settled = await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value : retry())))
      expect(settled.map((e) => e.meta.seq)).toEqual([1, 1, 1])
      expect(await log.list('acme', runId)).toHaveLength(1)
    })

    it('appends the same event id once', async () => {
      const log = makeEventLog(env.table)
      const runId = newId()
      const draft = draftFor('acme', runId)
      const first = await log.append(draft)
      const again = await log.append(draft)
      expect(again).toEqual(first)
      expect(await log.list('acme', runId)).toHaveLength(1)
    })

    it('keeps tenants apart: the same run id under another tenant is another run', async () => {
      const runs = makeRunStore(env.table)
      const runId = newId()
      await runs.createRun({ tenantId: 'acme', runId, request: 'secret plans' })
      expect(await runs.getRun('globex', runId)).toBeUndefined()
      expect((await runs.getRun('acme', runId))?.request).toBe('secret plans')
    })

    it('lists runs in a time window open or closed on either side; an inverted window is empty', async () => {
      const runs = makeRunStore(env.table)
      const list = makeRunList(env.table)
      const tenantId = `window-${newId().toLowerCase()}`
      const created: { runId: string; createdAt: string }[] = []
      for (let i = 0; i < 3; i++) {
        const runId = newId()
        await runs.createRun({ tenantId, runId, request: `r${i}` })
        created.push({ runId, createdAt: (await runs.getRun(tenantId, runId))?.createdAt ?? '' })
        await new Promise((r) => setTimeout(r, 5)) // distinct creation instants
      }
      const [first, middle, last] = created as [(typeof created)[0], (typeof created)[0], (typeof created)[0]]
      const ids = async (query: { since?: string; until?: string; status?: 'requested' }) =>
        (await list(tenantId, { limit: 10, ...query })).runs.map((r) => r.runId)

      for (const status of [undefined, 'requested'] as const) {
        const by = status ? { status } : {}
        expect(await ids(by)).toEqual([last.runId, middle.runId, first.runId])
        expect(await ids({ ...by, since: middle.createdAt })).toEqual([last.runId, middle.runId])
        expect(await ids({ ...by, until: middle.createdAt })).toEqual([middle.runId, first.runId])
        expect(await ids({ ...by, since: middle.createdAt, until: middle.createdAt })).toEqual([middle.runId])
        expect(await ids({ ...by, since: last.createdAt, until: first.createdAt })).toEqual([])
      }
    })

    it('moves a run forward only from the expected status', async () => {
      const runs = makeRunStore(env.table)
      const key = { tenantId: 'acme', runId: newId() }
      expect(await runs.createRun({ ...key, request: 'x' })).toBe(true)
      expect(await runs.createRun({ ...key, request: 'x' })).toBe(false)
      expect(await runs.transitionRun(key, ['requested'], 'running')).toBe(true)
      expect(await runs.transitionRun(key, ['requested'], 'running')).toBe(false)
      expect(await runs.transitionRun(key, ['running'], 'completed', { output: 'done' })).toBe(true)
      expect(await runs.getRun(key.tenantId, key.runId)).toMatchObject({
        status: 'completed',
        output: 'done',
      })
    })

    it('finds runs still requested with their start event, across tenants, and only those', async () => {
      const runs = makeRunStore(env.table)
      const started = (tenantId: string) => {
        const runId = newId()
        const startEvent = RunRequested.draft(
          { request: 'r' },
          {
            tenantId,
            runId,
            correlationId: runId,
            causationId: null,
            route: 'async',
            actor: { kind: 'system', id: 't' },
          },
        )
        return { tenantId, runId, request: 'r', startEvent }
      }
      const a = started('outbox-a')
      const b = started('outbox-b')
      const moved = started('outbox-a')
      for (const run of [a, b, moved]) await runs.createRun(run)
      await runs.createRun({ tenantId: 'outbox-a', runId: newId(), request: 'without a start event' })
      await runs.transitionRun(moved, ['requested'], 'running')
      const found = (await runs.unstartedRuns(new Date(Date.now() + 1000).toISOString())).filter((d) =>
        d.meta.tenantId.startsWith('outbox-'),
      )
      expect(found.map((d) => d.meta.eventId).sort()).toEqual(
        [a.startEvent.meta.eventId, b.startEvent.meta.eventId].sort(),
      )
      expect(found.find((d) => d.meta.runId === a.runId)).toEqual(a.startEvent)
      expect(await runs.unstartedRuns('2000-01-01T00:00:00.000Z')).toEqual([])
    })

    it('queues a step once and finishes it once', async () => {
      const runs = makeRunStore(env.table)
      const key = { tenantId: 'acme', runId: newId() }
      const first = await runs.queueStep(key, {
        stepId: 'write',
        team: 'writer',
        inputs: [],
        taskEventId: 'E1',
      })
      const again = await runs.queueStep(key, {
        stepId: 'write',
        team: 'writer',
        inputs: [],
        taskEventId: 'E2',
      })
      expect([first.taskEventId, again.taskEventId]).toEqual(['E1', 'E1'])
      const done = { status: 'completed' as const, output: { text: 'ok' }, resultEventId: 'E3' }
      expect(await runs.finishStep({ ...key, stepId: 'write' }, done)).toBe(true)
      expect(await runs.finishStep({ ...key, stepId: 'write' }, done)).toBe(false)
      expect(await runs.listSteps(key.tenantId, key.runId)).toMatchObject([
        { stepId: 'write', status: 'completed' },
      ])
    })

    it('aborts a queued step once, after which its completion is refused', async () => {
      const runs = makeRunStore(env.table)
      const key = { tenantId: 'acme', runId: newId(), stepId: 'write' }
      await runs.queueStep(key, { stepId: 'write', team: 'writer', inputs: [], taskEventId: 'E1' })
      const reason = { code: 'run.cancelled', message: 'cancelled', retryable: false }

      expect(await runs.finishStep(key, { status: 'aborted', error: reason, resultEventId: 'E2' })).toBe(true)
      const late = { status: 'completed' as const, output: { text: 'late' }, resultEventId: 'E3' }
      expect(await runs.finishStep(key, late)).toBe(false)

      expect(await runs.getStep(key)).toMatchObject({ status: 'aborted', error: reason, resultEventId: 'E2' })
      expect(await runs.getStep(key)).not.toHaveProperty('output')
    })

    it('runs work once per event id and releases the lease when work fails', async () => {
      const idempotency = makeIdempotency(env.table)
      const key = { tenantId: 'acme', consumer: 'workers', eventId: newId() }
      let calls = 0
      await expect(
        idempotency.once(key, async () => {
          calls++
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await idempotency.once(key, async () => void calls++)).toBe('processed')
      expect(await idempotency.once(key, async () => void calls++)).toBe('duplicate')
      expect(calls).toBe(2)
    })

    it('tells whether an event was handled: not while in flight or after a failure, yes once done', async () => {
      const idempotency = makeIdempotency(env.table)
      const key = { tenantId: 'acme', consumer: 'planner', eventId: newId() }
      expect(await idempotency.isDone(key)).toBe(false)
      let release = () => {}
      const first = idempotency.once(key, () => new Promise<void>((resolve) => (release = resolve)))
      await new Promise((r) => setTimeout(r, 50))
      expect(await idempotency.isDone(key)).toBe(false)
      release()
      await first
      expect(await idempotency.isDone(key)).toBe(true)
      expect(await idempotency.isDone({ ...key, consumer: 'workers' })).toBe(false)
    })

    it('renews the run lease only for its holder: after a takeover the old holder is fenced off', async () => {
      const runs = makeRunStore(env.table)
      const key = { tenantId: 'acme', runId: newId() }
      await runs.createRun({ ...key, request: 'x' })
      const first = makeLeaseHolder(1)
      const second = makeLeaseHolder(1)
      expect(await runs.acquireLease(key, first, 1)).toBe(true)
      await new Promise((r) => setTimeout(r, 20))
      expect(await runs.acquireLease(key, second, 60_000)).toBe(true)
      expect(await runs.renewLease(key, first, 60_000)).toBe(false)
      expect(await runs.renewLease(key, second, 60_000)).toBe(true)
      expect(await runs.acquireLease(key, first, 60_000)).toBe(false)
    })

    it('takes over a lease of an earlier incarnation at once, never one of its own live incarnation', async () => {
      const before = makeIdempotency(env.table, { holder: makeLeaseHolder(1) })
      const sibling = makeIdempotency(env.table, { holder: makeLeaseHolder(1) })
      const after = makeIdempotency(env.table, { holder: makeLeaseHolder(2) })
      const key = { tenantId: 'acme', consumer: 'workers', eventId: newId() }
      void before.once(key, () => new Promise<void>(() => {}))
      await new Promise((r) => setTimeout(r, 50))
      await expect(sibling.once(key, async () => {})).rejects.toMatchObject({ code: 'lease.held' })
      expect(await after.once(key, async () => {})).toBe('processed')
    })

    it('refuses a concurrent delivery while the first holds the lease', async () => {
      const idempotency = makeIdempotency(env.table)
      const key = { tenantId: 'acme', consumer: 'workers', eventId: newId() }
      let release = () => {}
      const first = idempotency.once(key, () => new Promise<void>((resolve) => (release = resolve)))
      await new Promise((r) => setTimeout(r, 50))
      await expect(idempotency.once(key, async () => {})).rejects.toMatchObject({ retryable: true })
      release()
      expect(await first).toBe('processed')
    })
  })
