import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Envelope } from '#events'
import { makeScriptedProvider } from '#platform/models/index.ts'
import { emptySummary, liveView, type RunSummary, reduceRun } from '#services/audit/index.ts'
import { seededRandom, shuffled } from '#services/audit/testing/delivery-order.ts'
import { readPlanningPrompt } from '#services/planner/index.ts'
import { http, startTestChorus } from './testing.ts'

const s = (id: string, team: string, dependsOn: string[] = []) => ({
  id,
  team,
  instruction: `do ${id}`,
  dependsOn,
})
const PLANS: Record<string, object[]> = {
  seq3: [s('a', 'writer'), s('b', 'writer', ['a']), s('c', 'writer', ['b'])],
  diamond: [
    s('a', 'researcher'),
    s('b', 'writer', ['a']),
    s('c', 'writer', ['a']),
    s('d', 'writer', ['b', 'c']),
  ],
  fan: [s('left', 'researcher'), s('right', 'researcher'), s('join', 'writer', ['left', 'right'])],
}
const KINDS = Object.keys(PLANS)

const models = makeScriptedProvider((messages, purpose) => {
  if (purpose.service === 'planner') {
    const request = readPlanningPrompt(messages.at(-1)?.text ?? '')?.request ?? 'seq3'
    return JSON.stringify({ goal: request, steps: PLANS[request] })
  }
  const text = messages.at(0)?.text ?? ''
  return `answer to ${text.split('\n').find((line) => line.startsWith('Task:')) ?? text.slice(0, 40)}`
})

/** A view without its run id, to compare runs of the same request. */
const anonymous = (summary: RunSummary | undefined) => summary && { ...summary, runId: '-' }

describe('the projector of the embedded runtime, fed each run’s events out of order', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  beforeAll(async () => {
    chorus = await startTestChorus({}, { models })
  })
  afterAll(() => chorus.close())

  const post = async (kind: string, chat: string) => {
    const res = await http(chorus.url, 'POST', `/chats/${chat}/messages`, { content: kind })
    return (res.json as { runId: string }).runId
  }
  /** The live view: the fold of the run's log, read when asked for (ADR 0022). */
  const live = async (runId: string) => liveView(runId, await chorus.stores.log.list('local', runId))?.state
  /** What a projector fed the run's events in seq order builds. */
  const inOrder = async (runId: string) =>
    (await chorus.stores.log.list('local', runId)).reduce(reduceRun, emptySummary(runId))

  /** Every event of the runs of some events, from their logs. */
  const wholeRuns = async (events: Envelope[]) =>
    (
      await Promise.all(
        [...new Set(events.map((e) => e.meta.runId))].map((runId) => chorus.stores.log.list('local', runId)),
      )
    ).flat()

  /**
   * Holds what reaches the projector's queue while `act` runs, then hands it (or what `widen` makes of
   * it) to the real queue twice over in a shuffled order (fixed seed): a run's seq n+1 heads its queue
   * before seq n.
   */
  const outOfOrder = async (
    seed: number,
    act: () => Promise<unknown>,
    widen: (held: Envelope[]) => Promise<Envelope[]> = async (held) => held,
  ) => {
    const queue = chorus.queues.projector
    const caught: Envelope[] = []
    const hold = (event: Envelope) => void caught.push(event)
    const holds = [
      vi.spyOn(queue, 'send').mockImplementation(hold),
      vi.spyOn(queue, 'dispatch').mockImplementation(hold),
    ]
    await act()
    await chorus.idle()
    for (const spy of holds) spy.mockRestore()
    const held = await widen(caught)
    const deliveries = shuffled([...held, ...held], seededRandom(seed))
    for (const event of deliveries) queue.send(event)
    await chorus.idle()
    return { held, deliveries }
  }

  it('builds from shuffled, duplicated deliveries the views of clean runs; replays of those runs match them', async () => {
    const clean = new Map<string, string>()
    for (const kind of KINDS) clean.set(kind, await post(kind, `clean-${kind}`))
    await chorus.idle()
    const from = new Date().toISOString()

    // The embedded bus queues a live event for the projector only when it ends a run; the projector
    // is handed every event of those runs, as the AWS projector queue receives them.
    const shuffledRuns = new Map<string, string>()
    const { held, deliveries } = await outOfOrder(
      5,
      async () => {
        for (const kind of KINDS)
          for (const copy of [1, 2])
            shuffledRuns.set(`${kind}-${copy}`, await post(kind, `out-${kind}-${copy}`))
      },
      wholeRuns,
    )

    // Every run had a later seq delivered before an earlier one.
    const overtaken = deliveries.filter((e, i) =>
      deliveries.slice(i + 1).some((d) => d.meta.runId === e.meta.runId && d.meta.seq < e.meta.seq),
    )
    expect(new Set(overtaken.map((e) => e.meta.runId))).toEqual(new Set(shuffledRuns.values()))
    expect(held.length).toBeGreaterThan(40)
    for (const [name, runId] of shuffledRuns) {
      const kind = name.split('-')[0] as string
      const view = await live(runId)
      expect([name, view?.status]).toEqual([name, 'completed'])
      expect([name, view]).toEqual([name, await inOrder(runId)])
      expect([name, anonymous(view)]).toEqual([name, anonymous(await live(clean.get(kind) as string))])
    }
    expect(chorus.queues.projector.deadLetters).toEqual([])

    // A replay delivered out of order too: each run's replayed view equals its live one.
    await outOfOrder(6, () =>
      chorus.replayer.start({ from, to: new Date().toISOString(), name: 'shuffled', tenantId: 'local' }),
    )
    const comparisons = await Promise.all(
      [...shuffledRuns.values()].map((runId) => chorus.replayer.compare('local', runId, 'shuffled')),
    )
    expect(comparisons.map((c) => c?.equal)).toEqual([...shuffledRuns.values()].map(() => true))
    expect(comparisons.map((c) => c?.replayed?.status)).toEqual(
      [...shuffledRuns.values()].map(() => 'completed'),
    )
    expect(chorus.queues.projector.deadLetters).toEqual([])
  }, 120_000)
})
