import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ToolMessage } from '@langchain/core/messages'
import { DeleteItemCommand, GetItemCommand, UpdateItemCommand } from 'dynamodb-toolbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import { makeEventEntity } from '#platform/store/entities/event.ts'
import { makeModelCallEntity } from '#platform/store/entities/model-call.ts'
import { makeToolCallEntity } from '#platform/store/entities/tool-call.ts'
import { auditRecords, makeAuditor } from '#services/audit/index.ts'
import { readPlanningPrompt } from '#services/planner/index.ts'
import { TeamDefinition } from '#services/workers/index.ts'
import { http, startTestChorus } from './testing.ts'

const step = (id: string, team: string, dependsOn: string[] = []) => ({
  id,
  team,
  instruction: `do ${id}`,
  dependsOn,
})

/** Tampering as an insider with write access to the table would, each case on its own completed run. */
describe('audit of tampered runs', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  const runs: string[] = []
  let next = 0
  /** A fresh completed run (look → reader with one tool call, tell → writer) for one tamper case. */
  const freshRun = () => runs[next++] as string

  const script: Script = (messages, purpose) => {
    if (purpose.service === 'planner') {
      const prompt = readPlanningPrompt(messages.at(-1)?.text ?? '')
      return JSON.stringify({
        goal: prompt?.request ?? 'g',
        steps: [step('look', 'reader'), step('tell', 'writer', ['look'])],
      })
    }
    if (purpose.tools.length > 0 && !messages.some((m) => m instanceof ToolMessage))
      return { toolCalls: [{ name: 'file__read', args: { path: 'notes.txt' } }] }
    return `answer ${messages.length}`
  }

  beforeAll(async () => {
    chorus = await startTestChorus({}, { models: makeScriptedProvider(script) })
    mkdirSync(join(chorus.dataDir, 'workspace', 'local'), { recursive: true })
    writeFileSync(join(chorus.dataDir, 'workspace', 'local', 'notes.txt'), 'Tea came to Europe in the 1600s.')
    const reader = {
      name: 'reader',
      description: 'reads',
      shape: 'agent',
      tools: ['file.read'],
      prompt: 'Task: {{instruction}}',
    }
    await chorus.stores.teams.save('local', 'reader', TeamDefinition.parse(reader))
    for (let i = 0; i < 12; i++) {
      const res = await http(chorus.url, 'POST', '/chats/tamper/messages', { content: `request ${i}` })
      runs.push((res.json as { runId: string }).runId)
    }
  }, 120_000)
  afterAll(() => chorus.close())

  const audit = async (runId: string) => (await makeAuditor(chorus.stores).audit('local', runId))?.verdict
  const events = () => makeEventEntity(chorus.table)
  const lastSeq = async (runId: string) => (await chorus.stores.log.chain('local', runId)).length
  const remove = (runId: string, seq: number) =>
    events().build(DeleteItemCommand).key({ tenantId: 'local', runId, seq }).send()

  it('matches untampered runs, whose step and plan events commit to every call record', async () => {
    const runId = runs.at(-1) as string
    const log = await chorus.stores.log.list('local', runId)
    const committed = log.flatMap(
      (e) => ((e.data as { calls?: unknown[] }).calls ?? []) as { kind: string }[],
    )
    const [models, tools] = await Promise.all([
      chorus.stores.modelCalls.list('local', runId),
      chorus.stores.toolCalls.list('local', runId),
    ])
    expect(tools).toHaveLength(1)
    expect(committed.filter((c) => c.kind === 'model')).toHaveLength(models.length)
    expect(committed.filter((c) => c.kind === 'tool')).toHaveLength(1)
    expect(await audit(runId)).toEqual({ verdict: 'match' })
  })

  it('detects the last event deleted, at its seq', async () => {
    const runId = freshRun()
    const n = await lastSeq(runId)
    await remove(runId, n)
    expect(await audit(runId)).toMatchObject({ verdict: 'diverged', seq: n })
  })

  it('detects the log cut after any seq k, naming seq k + 1', async () => {
    for (const k of [1, 4]) {
      const runId = freshRun()
      const n = await lastSeq(runId)
      for (let seq = n; seq > k; seq--) await remove(runId, seq)
      expect(await audit(runId)).toMatchObject({ verdict: 'diverged', seq: k + 1 })
    }
  })

  it('detects RunCompleted dropped', async () => {
    const runId = freshRun()
    const log = await chorus.stores.log.list('local', runId)
    const end = log.find((e) => e.meta.name === 'RunCompleted')
    await remove(runId, end?.meta.seq as number)
    expect(await audit(runId)).toMatchObject({ verdict: 'diverged', seq: end?.meta.seq })
  })

  it('names an edited model-call record and the event that committed to it', async () => {
    const runId = freshRun()
    const [call] = (await chorus.stores.modelCalls.list('local', runId)).filter((c) => c.stepId === 'tell')
    await makeModelCallEntity(chorus.table)
      .build(UpdateItemCommand)
      .item({ tenantId: 'local', runId, stepId: 'tell', callId: call?.callId as string, output: 'I said so' })
      .send()
    const log = await chorus.stores.log.list('local', runId)
    const tell = log.find(
      (e) => e.meta.name === 'StepCompleted' && (e.data as { stepId: string }).stepId === 'tell',
    )
    expect(await audit(runId)).toMatchObject({
      verdict: 'diverged',
      seq: tell?.meta.seq,
      record: { kind: 'model', callId: call?.callId, stepId: 'tell' },
    })
  })

  it('names an edited tool-call record', async () => {
    const runId = freshRun()
    const [call] = await chorus.stores.toolCalls.list('local', runId)
    const resultJson = JSON.stringify({ ok: true, data: 'Tea came to Europe in 1066.' })
    await makeToolCallEntity(chorus.table)
      .build(UpdateItemCommand)
      .item({ tenantId: 'local', runId, stepId: 'look', callId: call?.callId as string, resultJson })
      .send()
    expect(await audit(runId)).toMatchObject({
      verdict: 'diverged',
      record: { kind: 'tool', callId: call?.callId, stepId: 'look' },
    })
  })

  it('names a deleted model-call record as missing', async () => {
    const runId = freshRun()
    const [call] = (await chorus.stores.modelCalls.list('local', runId)).filter((c) => c.stepId === 'look')
    await makeModelCallEntity(chorus.table)
      .build(DeleteItemCommand)
      .key({ tenantId: 'local', runId, stepId: 'look', callId: call?.callId as string })
      .send()
    expect(await audit(runId)).toMatchObject({
      verdict: 'diverged',
      difference: expect.stringContaining('is missing'),
      record: { kind: 'model', callId: call?.callId },
    })
  })

  it('reports a run whose record says it is still running as in_progress, never match', async () => {
    const runId = freshRun()
    const links = await chorus.stores.log.chain('local', runId)
    const [modelCalls, toolCalls] = await Promise.all([
      chorus.stores.modelCalls.list('local', runId),
      chorus.stores.toolCalls.list('local', runId),
    ])
    const prefix = links.slice(0, 4)
    const report = await auditRecords({
      tenantId: 'local',
      runId,
      links: prefix,
      modelCalls,
      toolCalls,
      run: { status: 'running' },
    })
    expect(report.verdict).toEqual({ verdict: 'in_progress', seq: 4 })
  })

  it('detects a run record whose terminal event is not the one the log ends with', async () => {
    const runId = freshRun()
    const { Item } = await events().build(GetItemCommand).key({ tenantId: 'local', runId, seq: 1 }).send()
    const links = await chorus.stores.log.chain('local', runId)
    const [modelCalls, toolCalls] = await Promise.all([
      chorus.stores.modelCalls.list('local', runId),
      chorus.stores.toolCalls.list('local', runId),
    ])
    const report = await auditRecords({
      tenantId: 'local',
      runId,
      links,
      modelCalls,
      toolCalls,
      run: { status: 'completed', terminalEventId: Item?.eventId as string },
    })
    expect(report.verdict).toMatchObject({ verdict: 'diverged', seq: links.length })
  })

  it('flags edited model-call and tool-call records in GET /runs/{id} instead of serving them as genuine', async () => {
    const runId = freshRun()
    type Call = {
      callId: string
      stepId: string
      verified: boolean | null
      verification?: string
      output?: string
    }
    type View = {
      modelCalls: Call[]
      toolCalls: Call[]
      callChecks: { verified: number; unverified: number }
    }
    const view = async () => (await http(chorus.url, 'GET', `/runs/${runId}`)).json as View
    const before = await view()
    const total = before.modelCalls.length + before.toolCalls.length
    expect(before.toolCalls).toHaveLength(1)
    expect(new Set([...before.modelCalls, ...before.toolCalls].map((c) => c.verified))).toEqual(
      new Set([true]),
    )
    expect(before.callChecks).toMatchObject({ verified: total, unverified: 0 })

    const model = before.modelCalls.find((c) => c.stepId === 'tell') as Call
    await makeModelCallEntity(chorus.table)
      .build(UpdateItemCommand)
      .item({ tenantId: 'local', runId, stepId: 'tell', callId: model.callId, output: 'I said so' })
      .send()
    const tool = before.toolCalls[0] as Call
    await makeToolCallEntity(chorus.table)
      .build(UpdateItemCommand)
      .item({
        tenantId: 'local',
        runId,
        stepId: 'look',
        callId: tool.callId,
        resultJson: JSON.stringify({ ok: true, data: 'Tea came to Europe in 1066.' }),
      })
      .send()

    const after = await view()
    const edited = after.modelCalls.find((c) => c.callId === model.callId)
    expect(edited).toMatchObject({ output: 'I said so', verified: false })
    expect(edited?.verification).toMatch(/digest mismatch/)
    expect(after.toolCalls.find((c) => c.callId === tool.callId)).toMatchObject({ verified: false })
    expect(new Set(after.modelCalls.filter((c) => c.callId !== model.callId).map((c) => c.verified))).toEqual(
      new Set([true]),
    )
    expect(after.callChecks).toMatchObject({ verified: total - 2, unverified: 2 })
  })
})
