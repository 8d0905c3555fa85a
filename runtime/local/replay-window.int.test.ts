import { UpdateItemCommand } from 'dynamodb-toolbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope } from '#events'
import { makeEventEntity } from '#platform/store/entities/event.ts'
import { makeAuditor, makeReplayer, type ReplayDelivery } from '#services/audit/index.ts'
import { http, startTestChorus } from './testing.ts'

/** Replay windows that cut runs: a run is rebuilt from the start of its log, or reported partial. */
describe('replay windows that start or end in the middle of a run', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  const runs: string[] = []

  beforeAll(async () => {
    chorus = await startTestChorus()
    for (const content of ['Explain tides', 'Explain waves']) {
      const res = await http(chorus.url, 'POST', '/chats/window/messages', { content })
      runs.push((res.json as { runId: string }).runId)
    }
    await chorus.idle()
  }, 120_000)
  afterAll(() => chorus.close())

  const logOf = (runId: string) => chorus.stores.log.list('local', runId)
  /** A seq k > 1 logged strictly later than k - 1 (a window from its time excludes the events before). */
  const cutAfterStart = (log: readonly Envelope[]) =>
    log.find((e, i) => i > 1 && e.meta.occurredAt > (log[i - 1] as Envelope).meta.occurredAt) as Envelope
  /** A seq k before the end logged strictly earlier than k + 1 (a window to its time excludes the rest). */
  const cutBeforeEnd = (log: readonly Envelope[]) =>
    log.findLast(
      (e, i) => i < log.length - 2 && e.meta.occurredAt < (log[i + 1] as Envelope).meta.occurredAt,
    ) as Envelope
  /** What EventBridge StartReplay does: only the window's events, to the projector, marked. */
  const windowOnly: ReplayDelivery = async (events, request) => {
    for (const event of events)
      await chorus.consume('projector', { ...event, meta: { ...event.meta, replay: request.name } })
  }
  const archiveReplayer = () =>
    makeReplayer({
      log: chorus.stores.log,
      // Ignores the whole logs the replayer hands it, as StartReplay does: it replays the window.
      deliver: async (_all, request) => windowOnly(await chorus.stores.log.window(request), request),
      projections: chorus.stores.projections,
    })

  it('rebuilds a run from the start of its log when the window starts mid-run, and finds it equal', async () => {
    const runId = runs[0] as string
    const log = await logOf(runId)
    const cut = cutAfterStart(log)
    expect(cut.meta.seq).toBeGreaterThan(1)
    const started = await chorus.replayer.start({
      from: cut.meta.occurredAt,
      to: new Date().toISOString(),
      name: 'mid-start',
      tenantId: 'local',
      runId,
    })
    await chorus.idle()
    expect(started.runs).toEqual([
      { tenantId: 'local', runId, windowSeqs: { first: cut.meta.seq, last: log.length }, logSeq: log.length },
    ])
    expect(started.events).toBe(log.length)
    const comparison = await chorus.replayer.compare('local', runId, 'mid-start')
    expect(comparison).toMatchObject({ equal: true, replayed: { status: 'completed' } })
    expect(comparison?.partial).toBeUndefined()
  })

  it('with a delivery of the window alone (EventBridge), folds the start from the log and reports a cut end partial, equal', async () => {
    const runId = runs[0] as string
    const log = await logOf(runId)
    const start = cutAfterStart(log)
    const mid = await archiveReplayer().start({
      from: start.meta.occurredAt,
      to: new Date().toISOString(),
      name: 'eb-start',
      tenantId: 'local',
      runId,
    })
    expect(mid.runs[0]?.windowSeqs?.first).toBeGreaterThan(1)
    expect(await chorus.replayer.compare('local', runId, 'eb-start')).toMatchObject({ equal: true })

    const end = cutBeforeEnd(log)
    await archiveReplayer().start({
      from: start.meta.occurredAt,
      to: end.meta.occurredAt,
      name: 'eb-end',
      tenantId: 'local',
      runId,
    })
    const partial = await chorus.replayer.compare('local', runId, 'eb-end')
    expect(partial).toMatchObject({
      equal: true,
      partial: { replayedSeq: end.meta.seq, liveSeq: log.length },
    })
  })

  it('replays a log edited after the run as it now reads, and the audit names the edited seq', async () => {
    const runId = runs[1] as string
    const log = await logOf(runId)
    const last = log.at(-1) as Envelope
    const body = JSON.stringify({ ...last, data: { ...(last.data as object), output: 'edited answer' } })
    await makeEventEntity(chorus.table)
      .build(UpdateItemCommand)
      .item({ tenantId: 'local', runId, seq: last.meta.seq, body })
      .send()
    await chorus.replayer.start({
      from: (log[0] as Envelope).meta.occurredAt,
      to: new Date().toISOString(),
      name: 'edited',
      tenantId: 'local',
      runId,
    })
    await chorus.idle()
    // The live view is the fold of the log (ADR 0022): a replay checks the projection, not the log.
    const comparison = await chorus.replayer.compare('local', runId, 'edited')
    expect(comparison?.replayed).toMatchObject({ output: 'edited answer' })
    expect(comparison?.equal).toBe(true)
    // Whether the log is the one the run wrote is the audit's question: the hash chain and the anchors.
    const audit = await makeAuditor(chorus.stores).audit('local', runId)
    expect(audit?.verdict).toMatchObject({ verdict: 'diverged', seq: last.meta.seq })
  })
})
