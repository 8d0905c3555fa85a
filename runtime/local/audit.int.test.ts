import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ToolMessage } from '@langchain/core/messages'
import { DeleteItemCommand, GetItemCommand, UpdateItemCommand } from 'dynamodb-toolbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import { makeEventEntity } from '#platform/store/entities/event.ts'
import { makeAuditor, rederive, renderReport, verifyBundle } from '#services/audit/index.ts'
import { readPlanningPrompt } from '#services/planner/index.ts'
import { TeamDefinition } from '#services/workers/index.ts'
import { http, startTestChorus } from './testing.ts'

const s = (id: string, team: string, dependsOn: string[] = []) => ({
  id,
  team,
  instruction: `do ${id}`,
  dependsOn,
})
const PLANS: Record<string, object[]> = {
  seq2: [s('research', 'researcher'), s('write', 'writer', ['research'])],
  seq3: [s('a', 'writer'), s('b', 'writer', ['a']), s('c', 'writer', ['b'])],
  diamond: [
    s('a', 'researcher'),
    s('b', 'writer', ['a']),
    s('c', 'writer', ['a']),
    s('d', 'writer', ['b', 'c']),
  ],
  fan: [s('left', 'researcher'), s('right', 'researcher')],
  tool: [s('look', 'reader'), s('tell', 'writer', ['look'])],
  fail: [s('boom', 'writer')],
}

describe('audit of runs on the embedded runtime', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let frozen = false
  let modelCalls = 0
  const runs: { kind: string; runId: string }[] = []

  const script: Script = (messages, purpose) => {
    if (frozen) throw new Error('a model was called during the audit')
    modelCalls++
    if (purpose.service === 'planner') {
      const prompt = readPlanningPrompt(messages.at(-1)?.text ?? '')
      return JSON.stringify({
        goal: prompt?.request ?? 'g',
        steps: PLANS[prompt?.request.split(' ')[0] ?? 'seq2'],
      })
    }
    const text = messages.at(0)?.text ?? ''
    if (text.includes('do boom')) throw Object.assign(new Error('refused'), { status: 400 })
    if (purpose.tools.length > 0 && !messages.some((m) => m instanceof ToolMessage))
      return { toolCalls: [{ name: 'file__read', args: { path: 'notes.txt' } }] }
    return `answer to ${text.split('\n').find((l) => l.startsWith('Task:')) ?? text.slice(0, 40)} / ${messages.length}`
  }

  beforeAll(async () => {
    chorus = await startTestChorus({}, { models: makeScriptedProvider(script) })
    mkdirSync(join(chorus.dataDir, 'workspace', 'local'), { recursive: true })
    writeFileSync(join(chorus.dataDir, 'workspace', 'local', 'notes.txt'), 'Tea came to Europe in the 1600s.')
    const reader = {
      name: 'reader',
      description: 'reads notes',
      shape: 'agent',
      tools: ['file.read'],
      prompt: 'Task: {{instruction}}',
    }
    await chorus.stores.teams.save('local', 'reader', TeamDefinition.parse(reader))
    const kinds = ['seq2', 'seq3', 'diamond', 'fan', 'tool']
    for (let i = 0; i < 19; i++) {
      const kind = kinds[i % kinds.length] as string
      const res = await http(chorus.url, 'POST', '/chats/audit/messages', { content: `${kind} request ${i}` })
      runs.push({ kind, runId: (res.json as { runId: string }).runId })
    }
    const failed = await http(chorus.url, 'POST', '/chats/audit/messages', { content: 'fail request' })
    runs.push({ kind: 'fail', runId: (failed.json as { runId: string }).runId })
  }, 120_000)
  afterAll(() => chorus.close())

  const auditor = () => makeAuditor(chorus.stores)
  const events = () => makeEventEntity(chorus.table)

  it('audits 20 varied runs as match, calling no model and no tool', async () => {
    const statuses = await Promise.all(
      runs.map(
        async (r) => ((await http(chorus.url, 'GET', `/runs/${r.runId}`)).json as { status: string }).status,
      ),
    )
    expect(statuses.filter((st) => st === 'completed')).toHaveLength(19)
    expect(statuses.filter((st) => st === 'failed')).toHaveLength(1)
    const toolCallsBefore = (
      await Promise.all(runs.map((r) => chorus.stores.toolCalls.list('local', r.runId)))
    ).flat().length
    expect(toolCallsBefore).toBe(3)

    frozen = true
    const callsBefore = modelCalls
    const verdicts = await Promise.all(
      runs.map(async (r) => (await auditor().audit('local', r.runId))?.verdict),
    )

    expect(verdicts).toEqual(runs.map(() => ({ verdict: 'match' })))
    expect(modelCalls).toBe(callsBefore)
    const toolCallsAfter = (
      await Promise.all(runs.map((r) => chorus.stores.toolCalls.list('local', r.runId)))
    ).flat().length
    expect(toolCallsAfter).toBe(toolCallsBefore)
  })

  it('writes a readable report: who asked, the plan, steps with model and tool calls', async () => {
    const tool = runs.find((r) => r.kind === 'tool') as { runId: string }
    const report = await auditor().audit('local', tool.runId)
    const text = renderReport(report as NonNullable<typeof report>)
    expect(text).toContain('Verdict: MATCH')
    expect(text).toContain('Asked by user local-dev from 127.0.0.1')
    expect(text).toMatch(/tool file\.read: ok/)
    expect(text).toContain('look → reader')
  })

  it('re-derivation catches wrong inputs, an undue dispatch and a wrong answer even where the chain is intact', async () => {
    const { runId } = runs.find((r) => r.kind === 'diamond') as { runId: string }
    const log = await chorus.stores.log.list('local', runId)
    const at = (name: string, n = 0) => log.filter((e) => e.meta.name === name)[n] as (typeof log)[number]
    const change = (target: (typeof log)[number], data: object) =>
      log.map((e) => (e === target ? { ...e, data: { ...(e.data as object), ...data } } : e))

    expect(await rederive(log)).toEqual({ verdict: 'match' })
    const joinTask = at('TaskQueued', 3)
    expect(await rederive(change(joinTask, { inputs: [] }))).toMatchObject({
      verdict: 'diverged',
      seq: joinTask.meta.seq,
    })
    const undue = log.map((e) =>
      e === joinTask ? { ...e, data: { ...(e.data as object), stepId: 'x' } } : e,
    )
    expect(await rederive(undue)).toMatchObject({
      verdict: 'diverged',
      difference: 'TaskQueued for step "x" was not due',
    })
    const end = at('RunCompleted')
    expect(await rederive(change(end, { output: 'something else' }))).toMatchObject({
      verdict: 'diverged',
      seq: end.meta.seq,
    })
  })

  it('replays a time window: projections equal the live ones, with no model call, tool call or new event', async () => {
    frozen = true
    const callsBefore = modelCalls
    const logsBefore = await Promise.all(runs.map((r) => chorus.stores.log.list('local', r.runId)))
    const toolsBefore = (
      await Promise.all(runs.map((r) => chorus.stores.toolCalls.list('local', r.runId)))
    ).flat()
    const from = logsBefore[0]?.[0]?.meta.occurredAt as string

    const started = await chorus.replayer.start({
      from,
      to: new Date().toISOString(),
      name: 'audit-1',
      tenantId: 'local',
    })
    await chorus.idle()

    expect(started.runs).toHaveLength(20)
    expect(started.events).toBe(logsBefore.flat().length)
    const comparisons = await Promise.all(
      runs.map((r) => chorus.replayer.compare('local', r.runId, 'audit-1')),
    )
    expect(comparisons.filter((c) => !c?.equal)).toEqual([])
    expect(comparisons[0]?.replayed?.status).toBe('completed')
    expect(modelCalls).toBe(callsBefore)
    expect(await Promise.all(runs.map((r) => chorus.stores.log.list('local', r.runId)))).toEqual(logsBefore)
    expect(
      (await Promise.all(runs.map((r) => chorus.stores.toolCalls.list('local', r.runId)))).flat(),
    ).toEqual(toolsBefore)
  })

  it('replays one run of a window only', async () => {
    const { runId } = runs[0] as { runId: string }
    const window = { from: '2000-01-01T00:00:00.000Z', to: new Date().toISOString() }
    await expect(chorus.replayer.start({ ...window, name: 'too-wide', tenantId: 'local' })).rejects.toThrow(
      /at most 366 days/,
    )
    const started = await chorus.replayer.start({ ...window, name: 'one', tenantId: 'local', runId })
    await chorus.idle()
    expect(started.runs).toEqual([expect.objectContaining({ tenantId: 'local', runId })])
    expect((await chorus.replayer.compare('local', runId, 'one'))?.equal).toBe(true)
    expect(
      (await chorus.replayer.compare('local', (runs[1] as { runId: string }).runId, 'one'))?.replayed,
    ).toBeUndefined()
  })

  it('detects one changed byte of one stored event, at its seq', async () => {
    const { runId } = runs[1] as { runId: string }
    const { Item } = await events().build(GetItemCommand).key({ tenantId: 'local', runId, seq: 3 }).send()
    const body = (Item?.body ?? '').replace('"do ', '"Do ')
    expect(body).not.toBe(Item?.body)
    await events().build(UpdateItemCommand).item({ tenantId: 'local', runId, seq: 3, body }).send()
    expect((await auditor().audit('local', runId))?.verdict).toMatchObject({ verdict: 'diverged', seq: 3 })
  })

  it('detects a deleted event', async () => {
    const { runId } = runs[2] as { runId: string }
    await events().build(DeleteItemCommand).key({ tenantId: 'local', runId, seq: 4 }).send()
    expect((await auditor().audit('local', runId))?.verdict).toMatchObject({ verdict: 'diverged', seq: 4 })
  })

  it('detects two events swapped in place', async () => {
    const { runId } = runs[3] as { runId: string }
    const get = async (seq: number) =>
      (await events().build(GetItemCommand).key({ tenantId: 'local', runId, seq }).send()).Item
    const [three, four] = [await get(3), await get(4)]
    await events()
      .build(UpdateItemCommand)
      .item({ tenantId: 'local', runId, seq: 3, body: four?.body as string })
      .send()
    await events()
      .build(UpdateItemCommand)
      .item({ tenantId: 'local', runId, seq: 4, body: three?.body as string })
      .send()
    expect((await auditor().audit('local', runId))?.verdict).toMatchObject({ verdict: 'diverged', seq: 3 })
  })

  it('exports a bundle that verifies offline, signed, and refuses a tampered one', async () => {
    const { runId } = runs[4] as { runId: string }
    const bundle = (await auditor().exportBundle('local', runId, 'audit-key')) as string
    const verified = await verifyBundle(bundle, { signingKey: 'audit-key' })
    expect(verified.ok && verified.report.verdict).toEqual({ verdict: 'match' })
    expect(await verifyBundle(bundle.replace('do ', 'Do '), { signingKey: 'audit-key' })).toMatchObject({
      ok: false,
    })
    expect(await verifyBundle(bundle, { signingKey: 'wrong-key' })).toMatchObject({
      ok: false,
      problem: 'the signature does not match the key',
    })
  })
})
