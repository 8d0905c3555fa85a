import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Envelope, RunRequested } from '#events'
import { rederive } from '#services/audit/index.ts'
import { TeamDefinition } from '#services/workers/index.ts'
import { authHeaders, http, startTestChorus } from './testing.ts'

type Event = { seq: number; name: string; version: number; occurredAt: string; data: Record<string, unknown> }
type Run = {
  runId: string
  status: string
  failure?: { code: string; message: string }
  steps: { stepId: string; status: string }[]
  events: Event[]
}
type Usage = { inputTokens: number; outputTokens: number; toolCalls: number; costUsd: number; team: string }

/** Two steps with the offline model: researcher-1 (gathers), then writer-2 (answers). */
const REQUEST = 'Research the history of tides and write a short summary'
/**
 * What the offline model reports for researcher-1 of REQUEST: ceil(characters / 4) of its prompt
 * (57) and of its answer (31); priced at the offline model's 1 and 2 USD per million tokens.
 */
const RESEARCHER = { tokens: 88, costUsd: 0.000119 }

/**
 * Run budgets on the embedded runtime (ADR 0031), offline model: each limit stops the run at the
 * step it is reached, named with the usage in BudgetExceeded and RunFailed budget.exceeded; the
 * tenant's ceilings bound a request; GET /usage sums the ledger by day and team; the audit re-derives
 * every decision and finds a tampered usage or budget event.
 */
describe('run budgets (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  const call = (method: string, path: string, body?: unknown) => http(chorus.url, method, path, body)
  const run = async (runId: string) => (await call('GET', `/runs/${runId}`)).json as Run
  const verdict = async (runId: string) =>
    ((await call('GET', `/runs/${runId}/audit`)).json as { verdict: { verdict: string } }).verdict.verdict
  const ask = async (body: Record<string, unknown>, chatId = 'budget') => {
    const res = await call('POST', `/chats/${chatId}-${Math.random().toString(36).slice(2, 8)}/messages`, {
      content: REQUEST,
      ...body,
    })
    expect(res.status, JSON.stringify(res.json)).toBeLessThan(300)
    await chorus.idle()
    return run((res.json as { runId: string }).runId)
  }
  const named = (r: Run, name: string) => r.events.filter((e) => e.name === name)
  const stopOf = (r: Run) => named(r, 'BudgetExceeded')[0]?.data
  const usageOf = (e: Event | undefined) => e?.data.usage as Usage

  beforeAll(async () => {
    const dir = join(tmpdir(), `chorus-budgets-${process.pid}`)
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'tenant-budgets.json')
    const policy = {
      tenants: {
        local: { defaults: { maxDurationSec: 600 }, ceilings: { maxTokens: 100_000, maxSteps: 10 } },
        '*': { defaults: {}, ceilings: {} },
      },
    }
    writeFileSync(file, JSON.stringify(policy))
    chorus = await startTestChorus({
      CHORUS_TENANT_BUDGETS_FILE: file,
      CHORUS_APPROVAL_TIMEOUT_MS: '86400000',
    })
  })
  afterAll(() => chorus.close())

  it("gives a run the tenant's defaults and ceilings, and each step what is left of them", async () => {
    const done = await ask({})
    expect(done.status).toBe('completed')
    const [requested] = named(done, 'RunRequested')
    // The budget is carried from RunRequested v2 on; a request is stored at the current version.
    expect(requested?.version).toBe(RunRequested.version)
    expect(requested?.data.budget).toEqual({ maxTokens: 100_000, maxSteps: 10, maxDurationSec: 600 })
    const [first, second] = named(done, 'TaskQueued')
    expect(first?.data.budget).toMatchObject({ maxTokens: 100_000 })
    expect(second?.data.budget).toMatchObject({ maxTokens: 100_000 - RESEARCHER.tokens })
    const researched = usageOf(named(done, 'StepCompleted')[0])
    expect(researched).toMatchObject({ team: 'researcher', toolCalls: 0, costUsd: RESEARCHER.costUsd })
    expect(researched.inputTokens + researched.outputTokens).toBe(RESEARCHER.tokens)
    expect(await verdict(done.runId)).toBe('match')
  })

  it("gives a run a trigger started its tenant's defaults and ceilings", async () => {
    const trigger = {
      name: 'on-order',
      pattern: { source: ['acme.orders'] },
      request: 'Summarise order {{detail.id}}',
    }
    expect((await call('POST', '/triggers', trigger)).status).toBe(201)
    const posted = await call('POST', '/events', {
      Entries: [{ Source: 'acme.orders', DetailType: 'OrderPlaced', Detail: { id: 'o-1' } }],
    })
    const runId = (posted.json as { Entries: { Runs: { RunId: string }[] }[] }).Entries[0]?.Runs[0]?.RunId
    await chorus.idle()
    const started = await run(runId ?? '')
    expect(named(started, 'RunRequested')[0]?.data.budget).toEqual({
      maxTokens: 100_000,
      maxSteps: 10,
      maxDurationSec: 600,
    })
    expect(await verdict(started.runId)).toBe('match')
  })

  it('answers 400 naming each field a request asks above its ceiling, and starts nothing', async () => {
    const res = await call('POST', '/chats/over-ceiling/messages', {
      content: REQUEST,
      budget: { maxTokens: 200_000, maxSteps: 11, maxToolCalls: 3 },
    })
    expect(res.status).toBe(400)
    const { error } = res.json as { error: { code: string; problems: string[] } }
    expect(error.code).toBe('request.invalid')
    expect(error.problems).toEqual([
      "body.budget.maxTokens: is above the tenant's ceiling of 100000",
      "body.budget.maxSteps: is above the tenant's ceiling of 10",
    ])
    expect((await call('GET', '/chats/over-ceiling')).status).toBe(404)
    const invalid = await call('POST', '/chats/bad-budget/messages', {
      content: REQUEST,
      budget: { maxTokens: -1 },
    })
    expect(invalid.status).toBe(400)
  })

  it('stops before the step past maxSteps', async () => {
    const stopped = await ask({ budget: { maxSteps: 1 } })
    expect(stopped.status).toBe('failed')
    expect(named(stopped, 'TaskQueued').map((e) => e.data.stepId)).toEqual(['researcher-1'])
    expect(stopOf(stopped)).toMatchObject({
      limit: 'maxSteps',
      max: 1,
      stepId: 'writer-2',
      usage: { steps: 1, tokens: RESEARCHER.tokens, toolCalls: 0, costUsd: RESEARCHER.costUsd },
    })
    expect(stopped.failure?.code).toBe('budget.exceeded')
    expect(stopped.failure?.message).toContain('maxSteps (1) reached')
    expect(stopped.events.at(-1)?.name).toBe('RunFailed')
    expect(await verdict(stopped.runId)).toBe('match')
    const report = (await call('GET', `/runs/${stopped.runId}/audit`)).json as { budget?: unknown }
    expect(report.budget).toMatchObject({
      limits: { maxSteps: 1, maxTokens: 100_000, maxDurationSec: 600 },
      stop: { limit: 'maxSteps', max: 1, stepId: 'writer-2', usage: { steps: 1 } },
    })
    const text = await fetch(`${chorus.url}/runs/${stopped.runId}/audit?format=text`, {
      headers: authHeaders(chorus.auth.credentials),
    })
    expect(await text.text()).toMatch(
      /^ {2}stopped at \S+ \(step writer-2\): maxSteps 1 reached, used steps 1, tokens 88,/m,
    )
  })

  it('stops before the next step once maxTokens is reached, naming the tokens used', async () => {
    const stopped = await ask({ budget: { maxTokens: 50 } })
    expect(stopped.status).toBe('failed')
    expect(stopped.steps.map((s) => [s.stepId, s.status])).toEqual([['researcher-1', 'completed']])
    expect(stopOf(stopped)).toMatchObject({
      limit: 'maxTokens',
      max: 50,
      stepId: 'writer-2',
      usage: { steps: 1, tokens: RESEARCHER.tokens },
    })
    expect(await verdict(stopped.runId)).toBe('match')
  })

  it('stops before the next step once maxCostUsd is reached, priced by the price table', async () => {
    const stopped = await ask({ budget: { maxCostUsd: 0.0001 } })
    expect(stopOf(stopped)).toMatchObject({
      limit: 'maxCostUsd',
      max: 0.0001,
      usage: { steps: 1, costUsd: RESEARCHER.costUsd },
    })
    expect(usageOf(named(stopped, 'StepCompleted')[0])?.costUsd).toBe(RESEARCHER.costUsd)
    expect(await verdict(stopped.runId)).toBe('match')
  })

  it('stops at the first dispatch once maxDurationSec has passed (here while the plan waited for approval)', async () => {
    const res = await call('POST', '/chats/slow/messages', {
      content: REQUEST,
      approval: 'plan',
      budget: { maxDurationSec: 1 },
    })
    const { runId } = res.json as { runId: string }
    await chorus.idle()
    const requestedAt = Date.parse((await run(runId)).events[0]?.occurredAt ?? '')
    // Wait (not a timed assertion) until the run's second is over, then approve.
    while (Date.now() - requestedAt <= 1100) await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await call('POST', `/runs/${runId}/approval`, { decision: 'approve' })).status).toBe(202)
    await chorus.idle()
    const stopped = await run(runId)
    expect(stopped.status).toBe('failed')
    expect(named(stopped, 'TaskQueued')).toEqual([])
    const stop = stopOf(stopped) as {
      limit: string
      stepId: string
      usage: { steps: number; durationSec: number }
    }
    expect(stop).toMatchObject({
      limit: 'maxDurationSec',
      stepId: 'researcher-1',
      usage: { steps: 0, tokens: 0 },
    })
    expect(stop.usage.durationSec).toBeGreaterThanOrEqual(1)
    expect(await verdict(runId)).toBe('match')
  })

  describe('an agent team checks between iterations', () => {
    beforeAll(async () => {
      mkdirSync(join(chorus.dataDir, 'workspace', 'local'), { recursive: true })
      writeFileSync(join(chorus.dataDir, 'workspace', 'local', 'notes.txt'), 'Tides follow the moon.')
      const researcher = {
        name: 'researcher',
        description:
          'Gathers and lists the key facts needed to answer a request, reading the files it names.',
        shape: 'agent',
        tools: ['file.read'],
        prompt: 'Task: {{instruction}}\nInputs:\n{{inputs}}',
      }
      await chorus.stores.teams.save('local', 'researcher', TeamDefinition.parse(researcher))
    })
    const NOTES = 'Research the tides in notes.txt and write a short summary'

    it('stops the loop after the tool call that reaches maxToolCalls (StepFailed, then BudgetExceeded naming it)', async () => {
      const stopped = await ask({ content: NOTES, budget: { maxToolCalls: 1 } }, 'tools')
      expect(stopped.status).toBe('failed')
      const [failed] = named(stopped, 'StepFailed')
      expect(failed?.data).toMatchObject({ stepId: 'researcher-1', error: { code: 'budget.exceeded' } })
      expect(usageOf(failed)).toMatchObject({ team: 'researcher', toolCalls: 1 })
      expect(stopOf(stopped)).toMatchObject({ limit: 'maxToolCalls', max: 1, stepId: 'researcher-1' })
      expect(stopOf(stopped)?.usage).toMatchObject({ steps: 1, toolCalls: 1 })
      expect(stopped.failure?.code).toBe('budget.exceeded')
      expect(await verdict(stopped.runId)).toBe('match')
    })

    it('lets the run finish when the limit leaves room (two tool calls allowed, one made)', async () => {
      const done = await ask({ content: NOTES, budget: { maxToolCalls: 2 } }, 'tools')
      expect(done.status).toBe('completed')
      expect(usageOf(named(done, 'StepCompleted')[0])?.toolCalls).toBe(1)
      expect(named(done, 'TaskQueued')[1]?.data.budget).toMatchObject({ maxToolCalls: 1 })
      expect(await verdict(done.runId)).toBe('match')
    })

    it('stops the loop once its first model turn used the tokens left', async () => {
      const stopped = await ask({ content: NOTES, budget: { maxTokens: 10 } }, 'tools')
      const [failed] = named(stopped, 'StepFailed')
      expect(failed?.data.error).toMatchObject({ code: 'budget.exceeded' })
      expect(usageOf(failed)).toMatchObject({ toolCalls: 1 })
      expect(stopOf(stopped)).toMatchObject({ limit: 'maxTokens', max: 10, stepId: 'researcher-1' })
      expect(await verdict(stopped.runId)).toBe('match')
    })
  })

  it("sums the tenant's ended runs by day and team in GET /usage, and shows another tenant nothing", async () => {
    const mine = (await call('GET', '/runs?limit=100')).json as { runs: { runId: string }[] }
    const expected = { tokens: 0, toolCalls: 0, steps: 0, byTeam: new Map<string, number>() }
    for (const { runId } of mine.runs)
      for (const e of (await run(runId)).events) {
        if (e.name !== 'StepCompleted' && e.name !== 'StepFailed') continue
        const used = usageOf(e)
        expected.tokens += used.inputTokens + used.outputTokens
        expected.toolCalls += used.toolCalls
        expected.steps++
        expected.byTeam.set(
          used.team,
          (expected.byTeam.get(used.team) ?? 0) + used.inputTokens + used.outputTokens,
        )
      }
    const res = await call('GET', '/usage')
    expect(res.status).toBe(200)
    const report = res.json as {
      total: { tokens: number; toolCalls: number; steps: number; runs: number }
      days: { day: string; total: { tokens: number } }[]
      teams: { team: string; tokens: number }[]
    }
    expect(report.total).toMatchObject({
      tokens: expected.tokens,
      toolCalls: expected.toolCalls,
      steps: expected.steps,
    })
    expect(report.days.map((d) => d.day)).toEqual([new Date().toISOString().slice(0, 10)])
    expect(Object.fromEntries(report.teams.map((t) => [t.team, t.tokens]))).toEqual(
      Object.fromEntries(expected.byTeam),
    )
    const today = new Date().toISOString().slice(0, 10)
    const window = await call('GET', `/usage?since=${today}&until=${today}`)
    expect((window.json as typeof report).total.tokens).toBe(expected.tokens)
    const before = await call('GET', '/usage?since=2020-01-01&until=2020-01-31')
    expect((before.json as typeof report).total.tokens).toBe(0)
    expect((await call('GET', `/usage?since=${today}&until=2020-01-01`)).status).toBe(400)

    const other = authHeaders(await chorus.credentialsFor('other-tenant'))
    const theirs = await http(chorus.url, 'GET', '/usage', undefined, other)
    expect(theirs.status).toBe(200)
    expect((theirs.json as typeof report).total).toMatchObject({ tokens: 0, runs: 0 })
  })

  it('re-derives budget decisions from the log: a tampered usage or budget event diverges', async () => {
    const stopped = await ask({ budget: { maxTokens: 50 } })
    const log = await chorus.stores.log.list('local', stopped.runId)
    expect(await rederive(log)).toEqual({ verdict: 'match' })
    const edit = (name: string, change: (data: Record<string, unknown>) => Record<string, unknown>) =>
      log.map((e) =>
        e.meta.name === name ? ({ ...e, data: change(e.data as Record<string, unknown>) } as Envelope) : e,
      )
    const lowered = edit('StepCompleted', (d) => ({
      ...d,
      usage: { ...(d.usage as object), outputTokens: 0 },
    }))
    const seqOf = (name: string) => log.find((e) => e.meta.name === name)?.meta.seq
    expect(await rederive(lowered)).toMatchObject({ verdict: 'diverged', seq: seqOf('BudgetExceeded') })
    const renamed = edit('BudgetExceeded', (d) => ({ ...d, usage: { ...(d.usage as object), tokens: 51 } }))
    expect(await rederive(renamed)).toMatchObject({ verdict: 'diverged', seq: seqOf('BudgetExceeded') })
    // Without the budget the first step should have gone out without an allowance.
    const unbounded = edit('RunRequested', ({ budget: _b, ...d }) => d)
    expect(await rederive(unbounded)).toMatchObject({ verdict: 'diverged', seq: seqOf('TaskQueued') })

    const done = await ask({ budget: { maxTokens: 1000 } })
    const full = await chorus.stores.log.list('local', done.runId)
    const raised = full.map((e) =>
      e.meta.name === 'StepCompleted' && (e.data as { stepId: string }).stepId === 'researcher-1'
        ? ({
            ...e,
            data: {
              ...(e.data as object),
              usage: { ...(e.data as { usage: object }).usage, inputTokens: 5000 },
            },
          } as Envelope)
        : e,
    )
    const writer = full.find(
      (e) => e.meta.name === 'TaskQueued' && (e.data as { stepId: string }).stepId === 'writer-2',
    )
    expect(await rederive(raised)).toMatchObject({ verdict: 'diverged', seq: writer?.meta.seq })
  })
})
