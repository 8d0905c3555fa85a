import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import { API_RUNTIMES, type ApiTarget, type Call } from '../testing/index.ts'

const twoSteps = JSON.stringify({
  goal: 'test',
  steps: [
    { id: 'research', team: 'researcher', instruction: 'do research', dependsOn: [] },
    { id: 'write', team: 'writer', instruction: 'do write', dependsOn: ['research'] },
  ],
})

type Run = {
  runId: string
  status: string
  createdAt: string
  failure?: { code: string }
  events: { name: string; route: string }[]
}
type Page = { runs: Run[]; next?: string }

const slowWorkers =
  (ms: number): Script =>
  async (_, purpose) => {
    if (purpose.service === 'planner') return twoSteps
    await new Promise((r) => setTimeout(r, ms))
    return `done by ${purpose.service}`
  }

// One stack per runtime for the file; a case drives a few runs through moto's queues on a loaded machine.
describe.each(API_RUNTIMES)(
  'runs over HTTP: hand-over, lists and cancel (%s)',
  { timeout: 120_000 },
  (_, start) => {
    let target: ApiTarget
    // Each case sets the model's script; the runtime is started once.
    let script: Script = slowWorkers(0)
    beforeAll(async () => {
      target = await start({
        models: makeScriptedProvider((...args) => script(...args)),
        env: { CHORUS_SYNC_BUDGET_MS: '50' },
      })
    }, 60_000)
    afterAll(() => target?.close())

    it('answers 202 past the budget with the run as Location, and routes the rest of the run async', async () => {
      script = slowWorkers(150)

      const res = await target.call('POST', '/chats/c/messages', { content: 'hi' })

      expect(res.status).toBe(202)
      const location = res.headers.get('location') as string
      const { runId } = res.json as Run
      expect(location).toBe(`/runs/${runId}`)
      const run = (await target.waitForRun(runId)) as Run
      expect(run.status).toBe('completed')
      expect(run.events.map((e) => e.name)).toEqual([
        'RunRequested',
        'PlanCreated',
        'TaskQueued',
        'StepCompleted',
        'TaskQueued',
        'StepCompleted',
        'RunCompleted',
      ])
      expect(run.events[0]?.route).toBe('sync')
      expect(run.events.at(-1)?.route).toBe('async') // handed over: the supervisor published it through its queue
    })

    describe('lists', () => {
      let call: Call
      const ids: string[] = []
      const at: string[] = []
      const page = async (query: string) => {
        const res = await call('GET', `/runs${query}`)
        expect([query, res.status]).toEqual([query, 200])
        const body = res.json as Page
        return { ids: body.runs.map((r) => r.runId), next: body.next }
      }
      /** Every id a query lists, following `next` page by page (`limit` per page). */
      const all = async (query: string, limit: number) => {
        const seen: string[] = []
        let cursor: string | undefined
        for (let pages = 0; pages < 10; pages++) {
          const sep = query ? '&' : ''
          const { ids: got, next } = await page(
            `?${query}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          )
          seen.push(...got)
          if (!next) return seen
          cursor = next
        }
        throw new Error(`more than 10 pages for ${query}`)
      }

      beforeAll(async () => {
        script = slowWorkers(0)
        call = target.as(await target.credentialsFor('run-lister'))
        for (const [chat, content] of [
          ['a', 'one'],
          ['b', 'two'],
          ['a', 'three'],
        ] as const) {
          const { runId } = (await call('POST', `/chats/${chat}/messages`, { content })).json as Run
          ids.push(runId)
          const run = (await target.waitForRun(runId, call)) as Run
          expect(run.status).toBe('completed')
          at.push(run.createdAt)
        }
        // Distinct instants, so a window can hold exactly one run.
        expect([...at].sort()).toEqual(at)
        expect(new Set(at).size).toBe(3)
      }, 120_000)

      it('lists runs newest first, page by page, with or without a status', async () => {
        const [first, second, third] = ids
        expect((await page('')).ids).toEqual([third, second, first])
        const one = await page('?limit=2')
        expect(one.ids).toEqual([third, second])
        const two = await page(`?limit=2&cursor=${one.next}`)
        expect(two).toEqual({ ids: [first], next: undefined })
        for (const limit of [1, 2, 3, 4]) {
          expect(await all('', limit), `limit ${limit}`).toEqual([third, second, first])
          expect(await all('status=completed', limit), `completed, limit ${limit}`).toEqual([
            third,
            second,
            first,
          ])
        }
        expect((await page('?status=completed')).ids).toEqual([third, second, first])
        expect((await page('?status=failed')).ids).toEqual([])
        expect((await page('?status=running&limit=1')).ids).toEqual([])
      })

      it('lists every time window, open or closed, with and without a status and paging', async () => {
        const [first, second, third] = ids
        const [t1, t2, t3] = at as [string, string, string]
        const windows: [string, (string | undefined)[]][] = [
          [`since=${t1}`, [third, second, first]],
          [`since=${t2}`, [third, second]],
          [`since=${t3}`, [third]],
          [`until=${t3}`, [third, second, first]],
          [`until=${t2}`, [second, first]],
          [`until=${t1}`, [first]],
          [`since=${t2}&until=${t2}`, [second]],
          [`since=${t1}&until=${t2}`, [second, first]],
          [`since=${t2}&until=${t3}`, [third, second]],
          ['since=2999-01-01T00:00:00Z', []],
          ['until=2000-01-01T00:00:00Z', []],
          ['since=2000-01-01T00:00:00Z&until=2999-01-01T00:00:00Z', [third, second, first]],
        ]
        for (const [window, expected] of windows)
          for (const status of ['', 'status=completed&', 'status=failed&']) {
            const want = status === 'status=failed&' ? [] : expected
            expect((await page(`?${status}${window}`)).ids, `${status}${window}`).toEqual(want)
            expect(await all(`${status}${window}`, 1), `${status}${window}, one by one`).toEqual(want)
          }
      })

      it('refuses a bad query with a 400 naming it', async () => {
        const [t1, t2] = at as [string, string]
        const inverted = await call('GET', `/runs?since=${t2}&until=${t1}`)
        expect(inverted.status).toBe(400)
        expect((inverted.json as { error: { message: string } }).error.message).toMatch(
          /query\.since: .*query\.until/,
        )
        for (const query of [
          'cursor=bm90LWEtY3Vyc29y',
          'status=sleeping',
          'since=yesterday',
          'until=2026-13-01T00:00:00Z',
          'limit=0',
          'limit=1001',
          'chatId=a',
        ]) {
          const res = await call('GET', `/runs?${query}`)
          expect([query, res.status]).toEqual([query, 400])
        }
      })
    })

    it('cancels a running run through the supervisor, idempotently, and refuses to cancel an ended one', async () => {
      let release = () => {}
      const gate = new Promise<void>((resolve) => (release = resolve))
      script = async (_, purpose) => {
        if (purpose.service === 'planner') return twoSteps
        await gate
        return 'too late'
      }
      const { call } = target
      const { runId } = (await call('POST', '/chats/cancel/messages', { content: 'hi' })).json as Run
      const working = async () => ((await call('GET', `/runs/${runId}`)).json as Run).events.length >= 3
      while (!(await working())) await new Promise((r) => setTimeout(r, 10)) // the worker holds the first step

      let run: Run
      try {
        // 200 when the run ended within the cancel's wait (5 s), 202 while the request is on its way: on a
        // loaded machine either may come first, so the test waits for the end rather than timing it.
        const cancelled = await call('POST', `/runs/${runId}/cancel`, { reason: 'changed my mind' })
        expect([200, 202]).toContain(cancelled.status)
        expect(cancelled.json).toMatchObject({ runId })
        // The supervisor ends the run while the worker still holds the step: read the run, do not settle.
        const view = async () => (await call('GET', `/runs/${runId}`)).json as Run
        for (run = await view(); run.status !== 'failed'; run = await view())
          await new Promise((r) => setTimeout(r, 20))
        expect(run.failure).toMatchObject({ code: 'run.cancelled' })
        // Cancelling a cancelled run answers the same, every time.
        const again = await call('POST', `/runs/${runId}/cancel`)
        expect([again.status, again.json]).toEqual([200, { runId, status: 'failed', failure: run.failure }])
        const third = await call('POST', `/runs/${runId}/cancel`)
        expect([third.status, third.json]).toEqual([again.status, again.json])
      } finally {
        // Never leave the worker holding the step (the moto pump would wait on it when the target closes).
        release()
      }
      run = (await target.waitForRun(runId)) as Run
      const names = run.events.map((e) => e.name)
      expect(names.slice(0, 4)).toEqual(['RunRequested', 'PlanCreated', 'TaskQueued', 'RunCancelRequested'])
      // The worker was aborted mid-step (ADR 0015): its step ends aborted, in either order with the run.
      expect(names.slice(4).sort()).toEqual(['RunFailed', 'StepAborted'])

      script = slowWorkers(0)
      const done = (await call('POST', '/chats/cancel/messages', { content: 'quick' })).json as Run
      await target.waitForRun(done.runId)
      const refused = await call('POST', `/runs/${done.runId}/cancel`)
      expect(refused.status).toBe(409)
      expect(refused.json).toMatchObject({ error: { code: 'run.alreadyEnded' } })
      expect((await call('POST', '/runs/01JD0000000000000000000000/cancel')).status).toBe(404)
    })
  },
)
