import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rewriteRunLog } from '#platform/store/testing.ts'
import { makeAuditor } from '#services/audit/index.ts'
import { http, startTestChorus } from './testing.ts'

type Body = { meta: { name: string; seq: number; occurredAt: string }; data: Record<string, unknown> }
type Answer = { status: number; json: unknown }

/**
 * The audit re-derives double-texting decisions (ADR 0029) from the logs, on the embedded runtime:
 * untouched decisions match; a decision rewritten as an insider would (the body and every later
 * hash of the chain) is a divergence at its seq.
 */
describe('audit of double-texting decisions (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  const call = (method: string, path: string, body?: unknown) => http(chorus.url, method, path, body)
  const runIdOf = (res: Answer) => (res.json as { runId: string }).runId
  const audit = async (runId: string) => (await makeAuditor(chorus.stores).audit('local', runId))?.verdict
  const log = (runId: string) => chorus.stores.log.list('local', runId)

  /** Rewrites one stored event's body and recomputes its hash and every later one. */
  const rewrite = async (runId: string, seq: number, edit: (body: Body) => void) => {
    await rewriteRunLog(chorus.table, chorus.stores.log, { tenantId: 'local', runId, seq: seq }, edit)
  }

  /** A run waiting for approval in the chat, then a second message under `multitask`; both end. */
  const pair = async (chatId: string, multitask: 'enqueue' | 'interrupt' | 'rollback') => {
    const head = await call('POST', `/chats/${chatId}/messages`, {
      content: 'Explain first',
      approval: 'plan',
    })
    expect(head.status).toBe(202)
    await chorus.idle()
    const next = await call('POST', `/chats/${chatId}/messages`, { content: 'Explain second', multitask })
    await chorus.idle()
    const first = runIdOf(head)
    if (multitask === 'enqueue') {
      expect((await call('POST', `/runs/${first}/approval`, { decision: 'approve' })).status).toBe(202)
      await chorus.idle()
    }
    return { first, second: runIdOf(next as Answer) }
  }

  beforeAll(async () => {
    chorus = await startTestChorus({ CHORUS_APPROVAL_TIMEOUT_MS: '86400000' })
  })
  afterAll(() => chorus.close())

  it('matches an enqueued run that names its predecessor and starts after it ended', async () => {
    const { first, second } = await pair('dta-enqueue', 'enqueue')
    const [request] = await log(second)
    expect(request?.data).toMatchObject({ multitask: { policy: 'enqueue', activeRunId: first } })
    expect(await audit(first)).toEqual({ verdict: 'match' })
    expect(await audit(second)).toEqual({ verdict: 'match' })
  })

  it('matches interrupted and rolled-back runs that name the run of the same chat that stopped them', async () => {
    for (const policy of ['interrupt', 'rollback'] as const) {
      const { first, second } = await pair(`dta-${policy}`, policy)
      const stop = (await log(first)).find((e) => e.meta.name === 'RunCancelRequested')
      expect(stop?.data).toMatchObject({ by: { runId: second, policy } })
      expect(await audit(first)).toEqual({ verdict: 'match' })
      expect(await audit(second)).toEqual({ verdict: 'match' })
    }
  })

  it('names the seq of an enqueued run that started before its predecessor ended', async () => {
    const { first, second } = await pair('dta-early', 'enqueue')
    const end = (await log(first)).at(-1)
    const started = (await log(second))[1]
    expect(started?.meta.seq).toBe(2)
    await rewrite(second, 2, (body) => {
      body.meta.occurredAt = new Date(Date.parse(end?.meta.occurredAt as string) - 1000).toISOString()
    })
    expect(await audit(second)).toMatchObject({
      verdict: 'diverged',
      seq: 2,
      difference: expect.stringContaining(`before that run ended at ${end?.meta.occurredAt}`),
    })
  })

  it('names the request of an enqueued run rewritten to wait for a run of another chat', async () => {
    const other = await pair('dta-other', 'enqueue')
    const { second } = await pair('dta-wrong', 'enqueue')
    await rewrite(second, 1, (body) => {
      body.data.multitask = { policy: 'enqueue', activeRunId: other.first }
    })
    expect(await audit(second)).toMatchObject({
      verdict: 'diverged',
      seq: 1,
      difference: expect.stringContaining(`names run ${other.first} of another chat (dta-other)`),
    })
  })

  it('names the stop of an interrupted run whose policy was rewritten, or whose stopper was', async () => {
    const { first } = await pair('dta-policy', 'interrupt')
    const stop = (await log(first)).find((e) => e.meta.name === 'RunCancelRequested')
    const seq = stop?.meta.seq as number
    await rewrite(first, seq, (body) => {
      body.data.by = { ...(body.data.by as object), policy: 'rollback' }
    })
    expect(await audit(first)).toMatchObject({
      verdict: 'diverged',
      seq,
      difference: expect.stringContaining('whose request applied interrupt'),
    })

    const another = await pair('dta-stopper', 'interrupt')
    const unrelated = await pair('dta-unrelated', 'enqueue')
    const stopped = (await log(another.first)).find((e) => e.meta.name === 'RunCancelRequested')
    await rewrite(another.first, stopped?.meta.seq as number, (body) => {
      body.data.by = { runId: unrelated.second, policy: 'interrupt' }
    })
    expect(await audit(another.first)).toMatchObject({
      verdict: 'diverged',
      seq: stopped?.meta.seq,
      difference: expect.stringContaining(`run ${unrelated.second}, whose request applied enqueue`),
    })
  })
})
