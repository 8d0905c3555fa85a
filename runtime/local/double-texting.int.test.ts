import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId, RunRequested } from '#events'
import { http, startTestChorus } from './testing.ts'

type Run = {
  runId: string
  status: string
  failure?: { code: string; message: string }
  afterRunId?: string
  discardedAt?: string
  events: { name: string }[]
  modelCalls: { stepId: string; conversation?: string }[]
}
type Answer = { status: number; json: unknown }

/**
 * Double-texting on the embedded runtime (ADR 0029): several messages posted at once to one chat
 * whose runs wait for approval (so each stays active until decided), under each policy.
 */
describe('double-texting: concurrent messages to one chat (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  const call = (method: string, path: string, body?: unknown) => http(chorus.url, method, path, body)
  const run = async (runId: string) => (await call('GET', `/runs/${runId}`)).json as Run
  const runIdOf = (res: Answer) => (res.json as { runId: string }).runId
  /** Three messages at once; each run waits for approval after its plan. */
  const postThree = (chatId: string, multitask?: string) =>
    Promise.all(
      ['first', 'second', 'third'].map((content) =>
        call('POST', `/chats/${chatId}/messages`, {
          content: `Explain ${content}`,
          approval: 'plan',
          ...(multitask ? { multitask } : {}),
        }),
      ),
    )
  const approve = async (runId: string) => {
    const res = await call('POST', `/runs/${runId}/approval`, { decision: 'approve' })
    expect(res.status).toBe(202)
    await chorus.idle()
  }

  beforeAll(async () => {
    chorus = await startTestChorus({ CHORUS_APPROVAL_TIMEOUT_MS: '86400000' })
  })
  afterAll(() => chorus.close())

  it('reject: one message runs, the others are 409 chat.busy naming it', async () => {
    const created = await call('POST', '/chats', { chatId: 'dt-reject', multitask: 'reject' })
    expect(created.status).toBe(201)
    const answers = await postThree('dt-reject')
    const accepted = answers.filter((a) => a.status === 202)
    const rejected = answers.filter((a) => a.status === 409)
    expect(accepted).toHaveLength(1)
    expect(rejected).toHaveLength(2)
    const winner = runIdOf(accepted[0] as Answer)
    for (const r of rejected) {
      expect(r.json).toMatchObject({ error: { code: 'chat.busy' } })
      expect(JSON.stringify(r.json)).toContain(winner)
    }
    await chorus.idle()
    expect((await run(winner)).status).toBe('awaiting_approval')
    // Once the run ends, the chat takes a message again.
    await approve(winner)
    expect((await run(winner)).status).toBe('completed')
    const next = await call('POST', '/chats/dt-reject/messages', { content: 'Explain more' })
    expect(next.status).toBe(200)
  })

  it("PUT /chats/{chatId} sets the chat's policy; a request's own multitask overrides it", async () => {
    expect((await call('PUT', '/chats/dt-missing', { multitask: 'reject' })).status).toBe(404)
    expect((await call('PUT', '/chats/dt-put', { multitask: 'sometimes' })).status).toBe(400)
    await call('POST', '/chats', { chatId: 'dt-put' })
    const set = await call('PUT', '/chats/dt-put', { multitask: 'reject' })
    expect(set.status).toBe(200)
    expect(set.json).toMatchObject({ chatId: 'dt-put', multitask: 'reject' })
    const head = await call('POST', '/chats/dt-put/messages', { content: 'Explain one', approval: 'plan' })
    expect(head.status).toBe(202)
    const busy = await call('POST', '/chats/dt-put/messages', { content: 'Explain two' })
    expect(busy.status).toBe(409)
    const queued = await call('POST', '/chats/dt-put/messages', {
      content: 'Explain two',
      multitask: 'enqueue',
    })
    expect(queued.status).toBe(202)
    await chorus.idle()
    expect((await run(runIdOf(queued))).afterRunId).toBe(runIdOf(head))
    expect((await call('GET', '/chats/dt-put')).json).toMatchObject({ activeRunId: runIdOf(queued) })
    await approve(runIdOf(head))
    expect((await run(runIdOf(queued))).status).toBe('completed')
  })

  it('enqueue (the default): the runs start one after the other, each when the one before ends', async () => {
    const answers = await postThree('dt-enqueue')
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202])
    await chorus.idle()
    const runs = await Promise.all(answers.map((a) => run(runIdOf(a))))
    const head = runs.filter((r) => r.status === 'awaiting_approval')
    expect(head).toHaveLength(1)
    expect(runs.filter((r) => r.status === 'requested')).toHaveLength(2)
    // The queue is a chain: each queued run names the run before it, the first names none.
    const byAfter = new Map(runs.filter((r) => r.afterRunId).map((r) => [r.afterRunId, r]))
    const order = [head[0] as Run]
    for (let next = byAfter.get(order[0]?.runId); next; next = byAfter.get(next.runId)) order.push(next)
    expect(order).toHaveLength(3)
    for (const [i, current] of order.entries()) {
      expect((await run(current.runId)).status).toBe('awaiting_approval')
      for (const later of order.slice(i + 1)) {
        const waiting = await run(later.runId)
        expect(waiting.status).toBe('requested')
        expect(waiting.events).toEqual([])
      }
      await approve(current.runId)
      expect((await run(current.runId)).status).toBe('completed')
    }
  })

  it('interrupt: every earlier run is cancelled with its progress kept, the last one runs', async () => {
    const answers = await postThree('dt-interrupt', 'interrupt')
    // A message whose run is cancelled within the sync budget answers 200 with the failed run.
    for (const a of answers) expect([200, 202]).toContain(a.status)
    await chorus.idle()
    const runs = await Promise.all(answers.map((a) => run(runIdOf(a))))
    const survivors = runs.filter((r) => r.status === 'awaiting_approval')
    const cancelled = runs.filter((r) => r.status === 'failed')
    expect(survivors).toHaveLength(1)
    expect(cancelled).toHaveLength(2)
    for (const r of cancelled) {
      expect(r.failure?.code).toBe('run.cancelled')
      expect(r.failure?.message).toContain('interrupted by run')
      expect(r.discardedAt).toBeUndefined()
      expect(r.events.map((e) => e.name)).toContain('RunRequested')
    }
    await approve((survivors[0] as Run).runId)
    expect((await run((survivors[0] as Run).runId)).status).toBe('completed')
  })

  it('rollback: every earlier run is cancelled and marked discarded, the last one runs', async () => {
    const answers = await postThree('dt-rollback', 'rollback')
    // A message whose run is cancelled within the sync budget answers 200 with the failed run.
    for (const a of answers) expect([200, 202]).toContain(a.status)
    await chorus.idle()
    const runs = await Promise.all(answers.map((a) => run(runIdOf(a))))
    const survivors = runs.filter((r) => r.status === 'awaiting_approval')
    const discarded = runs.filter((r) => r.status === 'failed')
    expect(survivors).toHaveLength(1)
    expect(discarded).toHaveLength(2)
    for (const r of discarded) {
      expect(r.failure?.code).toBe('run.cancelled')
      expect(r.failure?.message).toContain('rolled back by run')
      expect(r.discardedAt).toBeDefined()
    }
    expect((survivors[0] as Run).discardedAt).toBeUndefined()
  })

  it("leaves a rolled-back turn out of the next plan's conversation; an interrupted one stays in it", async () => {
    /** The earlier requests the planner of the second message was given. */
    const windowAfter = async (chatId: string, multitask: string) => {
      const head = await call('POST', `/chats/${chatId}/messages`, {
        content: 'Explain glaciers',
        approval: 'plan',
      })
      expect(head.status).toBe(202)
      await chorus.idle()
      const next = await call('POST', `/chats/${chatId}/messages`, { content: 'Explain rivers', multitask })
      await chorus.idle()
      const second = await run(runIdOf(next))
      expect(second.status).toBe('completed')
      const planner = second.modelCalls.find((c) => c.stepId === '@planner')
      return planner?.conversation
    }
    expect(await windowAfter('dt-memory-interrupt', 'interrupt')).toContain('Explain glaciers')
    expect(await windowAfter('dt-memory-rollback', 'rollback')).toBeUndefined()
  })

  it('survives a restart: a queued run left unlinked by a crash is started by the recovery sweep', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chorus-dt-'))
    let first = await startTestChorus({ CHORUS_APPROVAL_TIMEOUT_MS: '86400000' }, { dataDir })
    try {
      const head = await http(first.url, 'POST', '/chats/dt-crash/messages', {
        content: 'Explain one',
        approval: 'plan',
      })
      expect(head.status).toBe(202)
      const headId = runIdOf(head)
      await first.idle()
      // What a process that crashed right after writing a queued run leaves: the run and its start
      // event stored, queued behind the head, but not yet named by it.
      const queuedId = newId()
      const start = RunRequested.draft(
        { request: 'Explain two', chatId: 'dt-crash', messageId: newId() },
        {
          tenantId: 'local',
          runId: queuedId,
          correlationId: queuedId,
          causationId: null,
          route: 'async',
          actor: { kind: 'user', id: 'crashed' },
        },
      )
      await first.stores.runs.createRun({
        tenantId: 'local',
        runId: queuedId,
        request: 'Explain two',
        chatId: 'dt-crash',
        startEvent: start,
        after: headId,
      })
      const approved = await http(first.url, 'POST', `/runs/${headId}/approval`, { decision: 'approve' })
      expect(approved.status).toBe(202)
      await first.idle()
      // The head ended, but nothing named the queued run: it still waits.
      expect((await first.stores.runs.getRun('local', headId))?.status).toBe('completed')
      expect((await first.stores.runs.getRun('local', queuedId))?.status).toBe('requested')
      await first.close({ keepData: true })

      first = await startTestChorus({}, { dataDir })
      await first.idle()
      expect((await first.stores.runs.getRun('local', queuedId))?.status).toBe('completed')
    } finally {
      await first.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
