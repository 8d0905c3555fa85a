import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId, RunRequested } from '#events'
import { type ChorusTable, makeRunStore } from '#platform/store/index.ts'
import { makeChatDirectory } from './chat-directory.ts'

/**
 * What double-texting relies on (ADR 0029), for any DynamoDB API: of concurrent claims of a chat's
 * active-run pointer exactly one wins, and a queued run's start is released once, kept out of the
 * start sweep until then. Run on the embedded store and on moto.
 */
export const describeDoubleTextingConformance = (
  name: string,
  setup: () => Promise<{ table: ChorusTable; close: () => Promise<void> }>,
) =>
  describe(`double-texting writes: ${name}`, () => {
    let env: { table: ChorusTable; close: () => Promise<void> }
    beforeAll(async () => {
      env = await setup()
    })
    afterAll(() => env.close())

    it('lets exactly one of concurrent claims of a chat move its pointer, then only from the winner', async () => {
      const directory = makeChatDirectory(env.table)
      const chatId = newId()
      expect(await directory.claimActiveRun('acme', chatId, undefined, newId())).toBe(false)
      await directory.ensure('acme', chatId)
      const claimants = Array.from({ length: 5 }, () => newId())
      const won = await Promise.all(
        claimants.map((id) => directory.claimActiveRun('acme', chatId, undefined, id)),
      )
      expect(won.filter(Boolean)).toHaveLength(1)
      const winner = claimants[won.indexOf(true)] as string
      expect((await directory.get('acme', chatId))?.activeRunId).toBe(winner)
      const next = newId()
      expect(await directory.claimActiveRun('acme', chatId, undefined, next)).toBe(false)
      expect(
        await directory.claimActiveRun(
          'acme',
          chatId,
          claimants.find((c) => c !== winner),
          next,
        ),
      ).toBe(false)
      expect(await directory.claimActiveRun('acme', chatId, winner, next)).toBe(true)
      expect((await directory.get('acme', chatId))?.activeRunId).toBe(next)
      // Another tenant's chat of the same id is another chat.
      expect(await directory.claimActiveRun('other', chatId, next, newId())).toBe(false)
    })

    it("sets a chat's policy only on a chat that exists", async () => {
      const directory = makeChatDirectory(env.table)
      const chatId = newId()
      expect(await directory.setMultitask('acme', chatId, 'reject')).toBe(false)
      expect(await directory.get('acme', chatId)).toBeUndefined()
      await directory.create('acme', { chatId, multitask: 'interrupt' })
      expect((await directory.get('acme', chatId))?.multitask).toBe('interrupt')
      expect(await directory.setMultitask('acme', chatId, 'reject')).toBe(true)
      expect((await directory.get('acme', chatId))?.multitask).toBe('reject')
    })

    it('keeps a queued run out of the start sweep and releases its start once', async () => {
      const runs = makeRunStore(env.table)
      const before = newId()
      const key = { tenantId: 'acme', runId: newId() }
      const start = RunRequested.draft(
        { request: 'later', chatId: 'c', messageId: newId() },
        {
          ...key,
          correlationId: key.runId,
          causationId: null,
          route: 'async',
          actor: { kind: 'user', id: 'u' },
        },
      )
      await runs.createRun({ ...key, request: 'later', chatId: 'c', startEvent: start, after: before })
      const future = new Date(Date.now() + 60_000).toISOString()
      const unstarted = async () =>
        (await runs.unstartedRuns(future)).filter((d) => d.meta.runId === key.runId)
      expect(await unstarted()).toEqual([])
      expect((await runs.queuedRuns()).filter((q) => q.runId === key.runId)).toEqual([
        { tenantId: 'acme', runId: key.runId, afterRunId: before },
      ])
      expect((await runs.getRun('acme', key.runId))?.afterRunId).toBe(before)

      const released = await Promise.all([1, 2, 3].map(() => runs.releaseQueued(key)))
      const drafts = released.filter((d) => d !== undefined)
      expect(drafts).toHaveLength(1)
      expect(drafts[0]?.meta.eventId).toBe(start.meta.eventId)
      // Released: the start sweep covers it from now on (a lost publish), the queue no longer lists it.
      expect((await unstarted()).map((d) => d.meta.eventId)).toEqual([start.meta.eventId])
      expect((await runs.queuedRuns()).filter((q) => q.runId === key.runId)).toEqual([])
    })

    it('releases no queued run that ended first, and marks a run discarded once', async () => {
      const runs = makeRunStore(env.table)
      const key = { tenantId: 'acme', runId: newId() }
      const start = RunRequested.draft(
        { request: 'later', chatId: 'c', messageId: newId() },
        {
          ...key,
          correlationId: key.runId,
          causationId: null,
          route: 'async',
          actor: { kind: 'user', id: 'u' },
        },
      )
      await runs.createRun({ ...key, request: 'later', chatId: 'c', startEvent: start, after: newId() })
      const failure = { code: 'run.cancelled', message: 'cancelled', retryable: false }
      expect(await runs.transitionRun(key, ['requested'], 'failed', { failure })).toBe(true)
      expect(await runs.releaseQueued(key)).toBeUndefined()

      await runs.markDiscarded(key)
      const first = (await runs.getRun('acme', key.runId))?.discardedAt
      expect(first).toBeDefined()
      await runs.markDiscarded(key)
      expect((await runs.getRun('acme', key.runId))?.discardedAt).toBe(first)
      await runs.markDiscarded({ tenantId: 'acme', runId: newId() })
    })
  })
