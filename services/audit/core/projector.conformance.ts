import { DeleteItemCommand } from 'dynamodb-toolbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Draft,
  type Envelope,
  newId,
  PlanCreated,
  RunCompleted,
  RunRequested,
  StepCompleted,
  TaskQueued,
} from '#events'
import { isChorusError } from '#platform/errors/index.ts'
import { makeLogger } from '#platform/log/index.ts'
import { makeEventEntity } from '#platform/store/entities/event.ts'
import { makeProjectionEntity } from '#platform/store/entities/projection.ts'
import { type ChorusTable, type EventLog, makeEventLog } from '#platform/store/index.ts'
import { makeProjectionStore, type ProjectionStore } from '../store/projection-store.ts'
import { permutations, seededRandom, shuffled } from '../testing/delivery-order.ts'
import { makeProjector } from './projector.ts'
import { emptySummary, type RunSummary, reduceRun } from './run-summary.ts'

/** The drafts of a run of `steps` steps, one after the other: 3 + 2 × steps events. */
const runDrafts = (tenantId: string, runId: string, steps: number): Draft[] => {
  const context = {
    tenantId,
    runId,
    correlationId: runId,
    causationId: null,
    route: 'async' as const,
    actor: { kind: 'user' as const, id: 'u1' },
  }
  const ids = Array.from({ length: steps }, (_, i) => `s${i}`)
  const plan = {
    goal: 'g',
    steps: ids.map((id, i) => ({ id, team: 'writer', instruction: `do ${id}`, dependsOn: ids.slice(0, i) })),
  }
  return [
    RunRequested.draft({ request: `run of ${steps} steps` }, context),
    PlanCreated.draft({ plan, model: { provider: 'offline', model: 'm', offline: true } }, context),
    ...ids.flatMap((stepId) => [
      TaskQueued.draft(
        { stepId, team: 'writer', goal: 'g', instruction: `do ${stepId}`, inputs: [] },
        context,
      ),
      StepCompleted.draft({ stepId, output: { text: `out ${stepId}` } }, context),
    ]),
    RunCompleted.draft({ output: 'done', finalSteps: [ids.at(-1) ?? 's0'] }, context),
  ]
}

/** What a projector fed in seq order builds: the fold of the log. */
const inOrder = (events: readonly Envelope[]) => ({
  state: events.reduce(reduceRun, emptySummary(events[0]?.meta.runId ?? '')),
  lastSeq: events.length,
})

const replayed = (event: Envelope, replay: string): Envelope => ({
  ...event,
  meta: { ...event.meta, replay },
})

/**
 * The projector folds by seq whatever the order of arrival: shuffled, duplicated and racing
 * deliveries build the view a delivery in seq order builds, an early event folds the missing ones
 * from the run's log, and a gap the log cannot fill stops the view at the last contiguous seq.
 * Run against the embedded dynalite and against moto's DynamoDB.
 */
export const describeProjectorOrdering = (
  name: string,
  setup: () => Promise<{ table: ChorusTable; close: () => Promise<void> }>,
  /** Time for the 120 orders of a five-event run, each delivered twice: sized to the engine (moto is slow). */
  { everyOrderMs = 60_000 }: { everyOrderMs?: number } = {},
) =>
  describe(`projector, events in any order: ${name}`, () => {
    let env: { table: ChorusTable; close: () => Promise<void> }
    let log: EventLog
    let projections: ProjectionStore<RunSummary>
    const logged: string[] = []
    /** Counts what the projector reads from the log and writes to the view. */
    const counts = { logReads: 0, viewWrites: 0 }
    let projector: ReturnType<typeof makeProjector>
    beforeAll(async () => {
      env = await setup()
      log = makeEventLog(env.table)
      projections = makeProjectionStore<RunSummary>(env.table)
      projector = makeProjector({
        projections: {
          get: projections.get,
          advance: (...args) => {
            counts.viewWrites++
            return projections.advance(...args)
          },
        },
        log: {
          list: (...args) => {
            counts.logReads++
            return log.list(...args)
          },
        },
        logger: makeLogger({ level: 'error', write: (line) => logged.push(line) }),
      })
    })
    afterAll(() => env.close())

    const appendRun = async (steps: number, tenantId = 'acme') => {
      const runId = newId()
      for (const draft of runDrafts(tenantId, runId, steps)) await log.append(draft)
      return log.list(tenantId, runId)
    }
    /** One delivery as a queue makes it: a retryable failure (a lost race) comes back. */
    const deliver = async (event: Envelope) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await projector.onEvent(event)
        } catch (error) {
          if (!isChorusError(error) || !error.retryable || attempt >= 20) throw error
        }
      }
    }
    /** In this order, each event twice at the same moment (a duplicate racing its original). */
    const deliverTwice = async (events: readonly Envelope[]) => {
      for (const event of events) await Promise.all([deliver(event), deliver(event)])
    }
    const view = (events: readonly Envelope[], replay?: string) => {
      const { tenantId, runId } = events[0]?.meta ?? { tenantId: '', runId: '' }
      return projections.get({ tenantId, runId, view: replay ? `replay#${replay}` : 'live' })
    }

    it('advances a view only from the seq it was read at', async () => {
      const key = { tenantId: 'acme', runId: newId(), view: 'live' }
      const at = (lastSeq: number) => ({ state: { ...emptySummary(key.runId), lastSeq }, lastSeq })

      expect(await projections.advance(key, 0, at(1))).toBe('advanced')
      expect(await projections.advance(key, 0, at(2))).toBe('moved')
      expect(await projections.advance(key, 1, at(3))).toBe('advanced')
      expect(await projections.advance(key, 1, at(2))).toBe('moved')
      expect(await projections.get(key)).toEqual(at(3))
    })

    it('builds the in-order view from every order of a five-event run, each event delivered twice', {
      timeout: everyOrderMs,
    }, async () => {
      const events = await appendRun(1)
      const views = makeProjectionEntity(env.table)
      const { tenantId, runId } = (events[0] as Envelope).meta
      const orders = permutations(events)
      const wrong: string[] = []

      for (const order of orders) {
        // A fresh view for each order: the projector builds it again from nothing.
        for (const view of ['live', 'replay#perm'])
          await views.build(DeleteItemCommand).key({ tenantId, runId, view }).send()
        await Promise.all([deliverTwice(order), deliverTwice(order.map((e) => replayed(e, 'perm')))])
        const built = [await view(events), await view(events, 'perm')]
        if (JSON.stringify(built) !== JSON.stringify([inOrder(events), inOrder(events)]))
          wrong.push(order.map((e) => e.meta.seq).join(','))
      }

      expect(orders).toHaveLength(120)
      expect(wrong).toEqual([])
    })

    it('builds the in-order view of a 31-event run shuffled (fixed seed), each event delivered twice, racing', async () => {
      const events = await appendRun(14)
      const deliveries = shuffled([...events, ...events], seededRandom(14))

      // Four at a time, as a queue with four slots would hand them over; two views race in each batch.
      for (let i = 0; i < deliveries.length; i += 4) {
        const batch = deliveries.slice(i, i + 4)
        await Promise.all(batch.flatMap((e) => [deliver(e), deliver(replayed(e, 'seeded'))]))
      }

      expect(events).toHaveLength(31)
      expect(deliveries.slice(0, 5).map((e) => e.meta.seq)).not.toEqual([1, 2, 3, 4, 5])
      expect(await view(events)).toEqual(inOrder(events))
      expect(await view(events, 'seeded')).toEqual(inOrder(events))
    })

    it('reads the log only for an event ahead of the next seq, then folds to its end; older seqs write nothing', async () => {
      const events = await appendRun(2)
      const at = (seq: number) => events[seq - 1] as Envelope
      counts.logReads = 0
      counts.viewWrites = 0

      await deliver(at(1))
      await deliver(at(2))
      expect(counts).toEqual({ logReads: 0, viewWrites: 2 })

      await deliver(at(4))
      expect(counts).toEqual({ logReads: 1, viewWrites: 3 })
      expect(await view(events)).toEqual(inOrder(events))

      for (const seq of [3, 4, 5, 7, 1]) await deliver(at(seq))
      expect(counts).toEqual({ logReads: 1, viewWrites: 3 })
    })

    it('folds a replay view from the log up to the delivered event only', async () => {
      const events = await appendRun(2)

      await deliver(replayed(events[3] as Envelope, 'partial'))

      expect(await view(events, 'partial')).toEqual(inOrder(events.slice(0, 4)))
    })

    it('stops at the last contiguous seq when the log itself lacks one, and says so without looping', async () => {
      const events = await appendRun(2)
      const { tenantId, runId } = (events[0] as Envelope).meta
      await makeEventEntity(env.table).build(DeleteItemCommand).key({ tenantId, runId, seq: 3 }).send()
      logged.length = 0

      for (let attempt = 0; attempt < 2; attempt++)
        await expect(projector.onEvent(events[5] as Envelope)).rejects.toMatchObject({
          code: 'projection.gap',
          retryable: true,
        })

      expect(await view(events)).toEqual(inOrder(events.slice(0, 2)))
      expect(logged).toHaveLength(2)
      expect(JSON.parse(logged[0] as string)).toMatchObject({
        level: 'error',
        runId,
        seq: 6,
        lastContiguousSeq: 2,
      })
    })
  })
