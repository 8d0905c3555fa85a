import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TeamDefinition } from '#services/workers/index.ts'
import { apiEvent, lambdaContext } from '../lambda/testing.ts'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { makeEmulatorDriver } from './emulator-driver.ts'
import { startTestStack, type TestStack } from './testing/emulator.ts'

type Event = { name: string; version: number; data: Record<string, unknown> }
type RunBody = { runId: string; status: string; failure?: { code: string }; events: Event[] }
type Report = {
  total: { tokens: number; toolCalls: number; steps: number; runs: number }
  teams: { team: string }[]
}

/** Two steps with the offline model; researcher-1 reports 88 tokens (see runtime/local/budget.int.test.ts). */
const REQUEST = 'Research the history of tides and write a short summary'
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)

/**
 * Run budgets on the AWS runtime over moto (ADR 0031): every event travels EventBridge → SQS → the
 * consumers; a dispatch stop and an agent loop's stop end the run with BudgetExceeded, the tenant's
 * ceilings bound a request, the usage ledger answers GET /usage, and the audit re-derives it all.
 */
describe('run budgets on the AWS runtime (moto)', () => {
  let stack: TestStack
  let runtime: AwsRuntime
  let driver: ReturnType<typeof makeEmulatorDriver>
  const api = () => runtime.core.handlers
  const post = async (chatId: string, body: Record<string, unknown>) =>
    api().postMessage(apiEvent('POST', '/chats/{chatId}/messages', { chatId }, body), lambdaContext())
  const run = async (chatId: string, body: Record<string, unknown>) => {
    const res = await post(chatId, { content: REQUEST, ...body })
    expect(res.statusCode).toBe(202)
    const { runId } = JSON.parse(res.body) as { runId: string }
    await driver.drain()
    const view = JSON.parse(
      (await api().getRun(apiEvent('GET', '/runs/{runId}', { runId }), lambdaContext())).body,
    ) as RunBody
    ended.push(view)
    return view
  }
  const ended: RunBody[] = []
  const verdict = async (runId: string) =>
    (
      JSON.parse(
        (await api().auditRun(apiEvent('GET', '/runs/{runId}/audit', { runId }), lambdaContext())).body,
      ) as {
        verdict: { verdict: string }
      }
    ).verdict.verdict
  const stopOf = (r: RunBody) => r.events.find((e) => e.name === 'BudgetExceeded')?.data

  beforeAll(async () => {
    const dir = join(tmpdir(), `chorus-aws-budgets-${process.pid}`)
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'tenant-budgets.json')
    writeFileSync(
      file,
      JSON.stringify({ tenants: { acme: { defaults: {}, ceilings: { maxTokens: 100_000 } } } }),
    )
    stack = await startTestStack('budget', {
      env: {
        CHORUS_API_ROUTE: 'async',
        CHORUS_SYNC_BUDGET_MS: '50',
        CHORUS_SEED_TENANT: 'acme',
        CHORUS_TENANT_BUDGETS_FILE: file,
      },
    })
    runtime = await startAwsRuntime({ config: stack.config, clients: stack.clients })
    driver = makeEmulatorDriver({ clients: stack.clients, stack: stack.stack, handlers: runtime.consumers })
  }, 120_000)
  afterAll(() => {
    runtime?.close()
    stack?.close()
  })

  it('stops before the writer once maxTokens or maxCostUsd is reached, and answers 400 above the ceiling', async () => {
    const stopped = await run('tokens', { budget: { maxTokens: 50 } })
    expect(stopped.status).toBe('failed')
    expect(stopped.failure?.code).toBe('budget.exceeded')
    expect(stopped.events.filter((e) => e.name === 'TaskQueued').map((e) => e.data.stepId)).toEqual([
      'researcher-1',
    ])
    expect(stopOf(stopped)).toMatchObject({
      limit: 'maxTokens',
      max: 50,
      stepId: 'writer-2',
      budget: { maxTokens: 50 },
      usage: { steps: 1, tokens: 88 },
    })
    expect(await verdict(stopped.runId)).toBe('match')

    const cost = await run('cost', { budget: { maxCostUsd: 0.0001 } })
    expect(stopOf(cost)).toMatchObject({
      limit: 'maxCostUsd',
      stepId: 'writer-2',
      usage: { costUsd: 0.000119 },
    })
    expect(await verdict(cost.runId)).toBe('match')

    const over = await post('over', { content: REQUEST, budget: { maxTokens: 100_001 } })
    expect(over.statusCode).toBe(400)
    expect((JSON.parse(over.body) as { error: { problems: string[] } }).error.problems).toEqual([
      "body.budget.maxTokens: is above the tenant's ceiling of 100000",
    ])
  })

  it('stops the first dispatch after an approval wait past maxDurationSec', async () => {
    const res = await post('slow', { content: REQUEST, approval: 'plan', budget: { maxDurationSec: 1 } })
    const { runId } = JSON.parse(res.body) as { runId: string }
    await driver.drain()
    const requestedAt = Date.now()
    // Wait (not a timed assertion) until the run's second is over, then approve.
    while (Date.now() - requestedAt <= 1100) await new Promise((resolve) => setTimeout(resolve, 100))
    const decided = await api().decideApproval(
      apiEvent('POST', '/runs/{runId}/approval', { runId }, { decision: 'approve' }),
      lambdaContext(),
    )
    expect(decided.statusCode).toBe(202)
    await driver.drain()
    const stopped = JSON.parse(
      (await api().getRun(apiEvent('GET', '/runs/{runId}', { runId }), lambdaContext())).body,
    ) as RunBody
    expect(stopped.status).toBe('failed')
    expect(stopped.events.some((e) => e.name === 'TaskQueued')).toBe(false)
    expect(stopOf(stopped)).toMatchObject({
      limit: 'maxDurationSec',
      stepId: 'researcher-1',
      usage: { steps: 0 },
    })
    expect(await verdict(runId)).toBe('match')
  })

  it('stops at maxSteps, and an agent loop at maxToolCalls between its iterations', async () => {
    const steps = await run('steps', { budget: { maxSteps: 1 } })
    expect(stopOf(steps)).toMatchObject({
      limit: 'maxSteps',
      max: 1,
      stepId: 'writer-2',
      usage: { steps: 1 },
    })
    expect(await verdict(steps.runId)).toBe('match')

    const researcher = {
      name: 'researcher',
      description: 'Gathers and lists the key facts needed to answer a request, reading the files it names.',
      shape: 'agent',
      tools: ['file.read'],
      prompt: 'Task: {{instruction}}\nInputs:\n{{inputs}}',
    }
    await runtime.core.stores.teams.save('acme', 'researcher', TeamDefinition.parse(researcher))
    const tools = await run('tools', {
      content: 'Research the tides in notes.txt and write a short summary',
      budget: { maxToolCalls: 1 },
    })
    expect(tools.status).toBe('failed')
    expect(tools.events.find((e) => e.name === 'StepFailed')?.data).toMatchObject({
      stepId: 'researcher-1',
      error: { code: 'budget.exceeded' },
      usage: { team: 'researcher', toolCalls: 1 },
    })
    expect(stopOf(tools)).toMatchObject({
      limit: 'maxToolCalls',
      stepId: 'researcher-1',
      usage: { toolCalls: 1 },
    })
    expect(await verdict(tools.runId)).toBe('match')
  })

  it('sums the ended runs in GET /usage by team', async () => {
    const res = await api().getUsage(
      { ...apiEvent('GET', '/usage', {}), queryStringParameters: { since: yesterday() } },
      lambdaContext(),
    )
    expect(res.statusCode).toBe(200)
    const report = JSON.parse(res.body) as Report
    const outcomes = ended.flatMap((r) =>
      r.events.filter((e) => e.name === 'StepCompleted' || e.name === 'StepFailed'),
    )
    const used = outcomes.map((e) => e.data.usage as { inputTokens: number; outputTokens: number })
    const tokens = used.reduce((sum, u) => sum + u.inputTokens + u.outputTokens, 0)
    // Four runs, each stopped after its researcher (88 tokens each, the agent's turn more); the
    // run stopped before any step used nothing.
    expect(report.total).toEqual(expect.objectContaining({ runs: 4, steps: 4, toolCalls: 1, tokens }))
    expect(tokens).toBeGreaterThan(3 * 88)
    expect(report.teams.map((t) => t.team)).toEqual(['researcher'])
  })
})
