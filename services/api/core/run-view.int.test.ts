import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { expect, it } from 'vitest'
import { type Draft, newId, type Plan, RunCompleted, RunFailed, RunRequested, StepCompleted } from '#events'
import {
  type ChorusTable,
  checkpointKeys,
  commitCalls,
  makeEventLog,
  makeModelCallStore,
  makeRunStore,
  makeToolCallStore,
  type RunContents,
  runPk,
} from '#platform/store/index.ts'
import { describeOnBothEngines } from '#platform/store/raw-ops.harness.ts'
import { getRunView, toRunView } from './run-view.ts'

/**
 * The run view read with one query of the run's partition (`getRunContents`) is the view the six
 * separate reads it replaced gave (the run, the latest plan, the steps, the log, the model and the tool
 * calls), for runs of several shapes, beside items the view does not show, on both engines.
 */

interface Shape {
  steps: number
  /** Characters of each step's output, model call output and tool result. */
  size?: number
  toolsPerStep?: number
  /** The last step fails and so does the run. */
  fail?: boolean
  /** The run is still going: the last step is queued, not finished. */
  running?: boolean
  /** A person edited the plan when approving it (revision 2). */
  edited?: boolean
  /** Events beside those of the steps (RunRequested drafts of a chat's later turns are not needed: any event will do). */
  extraEvents?: number
}

const at = (i: number) => new Date(Date.parse('2026-12-02T10:00:00.000Z') + i * 1000).toISOString()

const buildRun = async (table: ChorusTable, shape: Shape) => {
  const tenantId = 'acme'
  const runId = newId()
  const runs = makeRunStore(table)
  const log = makeEventLog(table)
  const modelCalls = makeModelCallStore(table)
  const toolCalls = makeToolCallStore(table)
  const size = shape.size ?? 20
  const text = (seed: string) => `${seed} `.padEnd(size, 'x')
  const context = {
    tenantId,
    runId,
    correlationId: runId,
    causationId: null,
    route: 'sync' as const,
    actor: { kind: 'user' as const, id: 'u1' },
  }
  const append = (draft: Draft) => log.append(draft)

  await runs.createRun({ tenantId, runId, request: 'count', chatId: 'c1' })
  await append(RunRequested.draft({ request: 'count', chatId: 'c1' }, context))
  for (let i = 0; i < (shape.extraEvents ?? 0); i++)
    await append(RunRequested.draft({ request: `later turn ${i}` }, context))
  const ids = Array.from({ length: shape.steps }, (_, i) => `s${i + 1}`)
  const plan: Plan = {
    goal: 'count',
    steps: ids.map((id, i) => ({
      id,
      team: i % 2 ? 'writer' : 'researcher',
      instruction: `step ${id}`,
      dependsOn: i ? [ids[i - 1] as string] : [],
    })),
  }
  const model = { provider: 'scripted', model: 'm', offline: true }
  await runs.putPlan({ tenantId, runId }, { plan, model, eventId: newId() })
  if (shape.edited)
    await runs.putPlan(
      { tenantId, runId },
      {
        plan: { ...plan, goal: 'count, as edited' },
        model,
        eventId: newId(),
        revision: 2,
        approval: { reasons: [{ kind: 'request' }] },
      },
    )
  const call = (stepId: string, n: number) => ({
    stepId,
    callId: `M${n}`,
    provider: 'scripted',
    model: 'm',
    offline: true,
    inputHash: `ih${n}`,
    output: text(`answer ${n}`),
    usage: { inputTokens: n, outputTokens: 2 * n, totalTokens: 3 * n },
    latencyMs: n,
    // Out of sort-key order, so the view's ordering by start time matters.
    startedAt: at(1000 - n),
    ...(n % 3 === 0 ? { prompt: { name: 'planner', version: 2 } } : {}),
  })
  await modelCalls.record({ tenantId, runId }, { ...call('plan', 0), conversation: '[]' })
  // Steps are queued in reverse so that their sort-key order is not the plan's.
  for (const [i, stepId] of [...ids.entries()].reverse())
    await runs.queueStep(
      { tenantId, runId },
      {
        stepId,
        team: i % 2 ? 'writer' : 'researcher',
        inputs: i ? [{ stepId: ids[i - 1] as string, output: { text: 'before' } }] : [],
        taskEventId: newId(),
      },
    )
  for (const [i, stepId] of ids.entries()) {
    const last = i === ids.length - 1
    if (last && shape.running) break
    for (let t = 0; t < (shape.toolsPerStep ?? 0); t++)
      await toolCalls.record(
        { tenantId, runId },
        {
          stepId,
          callId: `T${i}-${t}`,
          tool: 'search',
          input: { q: `q${t}` },
          result:
            t % 2
              ? { ok: false, error: { code: 'x.y', message: 'no', retryable: false } }
              : { ok: true, data: text('r') },
          durationMs: t,
          startedAt: at(t),
        },
      )
    await modelCalls.record({ tenantId, runId }, call(stepId, i + 1))
    const key = { tenantId, runId, stepId }
    if (last && shape.fail) {
      await runs.finishStep(key, {
        status: 'failed',
        error: { code: 'model.failed', message: 'no answer', retryable: false },
        resultEventId: newId(),
      })
      continue
    }
    const output = { text: text(`output of ${stepId}`) }
    await runs.finishStep(key, { status: 'completed', output, resultEventId: newId() })
    const calls = commitCalls(
      stepId,
      await modelCalls.list(tenantId, runId),
      await toolCalls.list(tenantId, runId),
    )
    await append(StepCompleted.draft({ stepId, output, calls }, context))
  }
  if (shape.fail) {
    const reason = { code: 'model.failed', message: 'no answer', retryable: false }
    await runs.transitionRun({ tenantId, runId }, ['requested'], 'failed', { failure: reason })
    await append(RunFailed.draft({ reason, stepId: ids.at(-1) as string }, context))
  } else if (!shape.running) {
    await runs.transitionRun({ tenantId, runId }, ['requested'], 'completed', { output: 'the answer' })
    await append(RunCompleted.draft({ output: 'the answer', finalSteps: [ids.at(-1) as string] }, context))
  }
  await putBeside(table, runPk(tenantId, runId))
  return { runs, log, modelCalls, toolCalls, tenantId, runId }
}

/** Items of the partition the view does not show: checkpoints (one large), notes, attempts, a stray. */
const putBeside = async (table: ChorusTable, PK: string) => {
  const put = (SK: string, item: Record<string, unknown>) =>
    table.getDocumentClient().send(new PutCommand({ TableName: table.getName(), Item: { PK, SK, ...item } }))
  await put(checkpointKeys.head(''), { _et: 'CheckpointHead', checkpointId: 'c1' })
  await put(checkpointKeys.checkpoint('', 'c1'), { _et: 'Checkpoint', data: 'x'.repeat(1000) })
  await put(checkpointKeys.valuesAt('', 'v1'), { _et: 'CheckpointBlob', data: 'x'.repeat(300_000) })
  await put(checkpointKeys.writes('', 'c1', 't1', 'R'), { _et: 'CheckpointWrites', data: 'w' })
  await put('DLQ#supervisor#E1', { _et: 'DeadLetterNote', note: 'n' })
  await put('TRY#s1#ih1', { _et: 'ModelAttempts', failures: 1 })
  await put('VIEW#summary', { _et: 'Projection', view: 'summary' })
  await put('RESUME#E1', { _et: 'RunResumption', failedEventId: 'E1' })
  // In the range read, under a step's prefix, of another entity: no separate read returned it either.
  await put('STEP#~stray', { _et: 'Projection', view: 'stray' })
}

/** What the six separate reads answered, as the run view read them before (the run first). */
const readSeparately = async ({
  runs,
  log,
  modelCalls,
  toolCalls,
  tenantId,
  runId,
}: Awaited<ReturnType<typeof buildRun>>) => {
  const run = await runs.getRun(tenantId, runId)
  if (!run) return undefined
  const [plan, steps, events, models, tools] = await Promise.all([
    runs.getPlan(tenantId, runId),
    runs.listSteps(tenantId, runId),
    log.list(tenantId, runId),
    modelCalls.list(tenantId, runId),
    toolCalls.list(tenantId, runId),
  ])
  const contents: RunContents = {
    run,
    ...(plan ? { plan } : {}),
    steps,
    events,
    modelCalls: models,
    toolCalls: tools,
  }
  return contents
}

const SHAPES: [string, Shape][] = [
  ['a completed 3-step run', { steps: 3 }],
  ['a failed run', { steps: 3, fail: true }],
  ['a run with tool calls', { steps: 2, toolsPerStep: 3 }],
  ['a run whose plan a person edited', { steps: 2, edited: true }],
  ['a run still going', { steps: 3, running: true, toolsPerStep: 1 }],
  ['a run of one step', { steps: 1 }],
]

describeOnBothEngines('the run view in one read', ({ env }) => {
  it.each(SHAPES)('gives the view the separate reads gave: %s', async (_, shape) => {
    const built = await buildRun(env.table, shape)
    const separate = await readSeparately(built)
    expect(separate).toBeDefined()
    expect(await built.runs.getRunContents(built.tenantId, built.runId)).toStrictEqual(separate)
    const view = await getRunView(built, built.tenantId, built.runId)
    expect(view).toStrictEqual(toRunView(separate as RunContents))
    expect(view?.steps.map((s) => s.stepId)).toEqual(
      separate?.plan?.plan.steps.map((s) => s.id).slice(0, view?.steps.length),
    )
  })

  it('reads every page of a large run: 20 steps, large outputs and calls, many events', async () => {
    const built = await buildRun(env.table, { steps: 20, size: 60_000, toolsPerStep: 2, extraEvents: 150 })
    // The range holds more than one page (1 MB), so only a read that follows the pages sees it all.
    const { LastEvaluatedKey } = await env.table.getDocumentClient().send(
      new QueryCommand({
        TableName: env.table.getName(),
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': runPk(built.tenantId, built.runId), ':a': 'EVT#', ':b': 'TOOL$' },
        ConsistentRead: true,
      }),
    )
    expect(LastEvaluatedKey).toBeDefined()
    const separate = await readSeparately(built)
    const contents = await built.runs.getRunContents(built.tenantId, built.runId)
    expect(contents).toStrictEqual(separate)
    expect(contents?.events).toHaveLength(1 + 150 + 20 + 1)
    expect(contents?.steps).toHaveLength(20)
    expect(contents?.toolCalls).toHaveLength(40)
    expect(await getRunView(built, built.tenantId, built.runId)).toStrictEqual(
      toRunView(separate as RunContents),
    )
  }, 120_000)

  it('answers nothing for a run that does not exist, also when its partition holds other items', async () => {
    const runs = makeRunStore(env.table)
    const runId = newId()
    await putBeside(env.table, runPk('acme', runId))
    expect(await runs.getRunContents('acme', runId)).toBeUndefined()
    expect(await getRunView({ runs }, 'acme', runId)).toBeUndefined()
  })
})
