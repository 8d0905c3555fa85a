import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Draft,
  type Envelope,
  newId,
  type Plan,
  PlanCreated,
  RunCancelRequested,
  RunCompleted,
  RunFailed,
  StepCompleted,
  TaskQueued,
} from '#events'
import { makeFileBlobStore } from '#platform/blobs/index.ts'
import { appendInOrder, type Bus } from '#platform/bus/index.ts'
import { makeDynamoCheckpointSaver, runThreadId } from '#platform/checkpoint/index.ts'
import { isChorusError } from '#platform/errors/index.ts'
import { silentLogger } from '#platform/log/index.ts'
import { makeEventLog, makeRunStore } from '#platform/store/index.ts'
import { startTestTable } from '#platform/store/testing.ts'
import { makeSupervisor } from './supervisor.ts'

const diamond: Plan = {
  goal: 'diamond',
  steps: [
    { id: 'a', team: 't', instruction: 'A', dependsOn: [] },
    { id: 'b', team: 't', instruction: 'B', dependsOn: ['a'] },
    { id: 'c', team: 't', instruction: 'C', dependsOn: ['a'] },
    { id: 'd', team: 't', instruction: 'D', dependsOn: ['b', 'c'] },
  ],
}

/** Retries a handler on retryable errors, as the queue would. */
const delivered = async (work: () => Promise<void>) => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (!isChorusError(error) || !error.retryable || attempt >= 50) throw error
      await new Promise((r) => setTimeout(r, 5 * attempt))
    }
  }
}

describe('supervisor on dynalite with the DynamoDB saver', () => {
  let env: Awaited<ReturnType<typeof startTestTable>>
  let blobDir: string
  beforeAll(async () => {
    env = await startTestTable()
    blobDir = mkdtempSync(join(tmpdir(), 'chorus-sup-'))
  })
  afterAll(async () => {
    await env.close()
    rmSync(blobDir, { recursive: true, force: true })
  })

  /** A run with a stored plan, a bus that appends to the real log and remembers what was published. */
  const setup = async (plan: Plan) => {
    const runs = makeRunStore(env.table)
    const log = makeEventLog(env.table)
    const published: Envelope[] = []
    const bus: Bus = {
      publish: async (drafts, options = {}) => {
        const list = (Array.isArray(drafts) ? drafts : [drafts]) as Draft[]
        const out = await appendInOrder(log, list, options)
        published.push(...out)
        return out
      },
      subscribe: () => () => {},
    }
    const saver = () =>
      makeDynamoCheckpointSaver({ table: env.table, blobs: makeFileBlobStore({ root: blobDir }) })
    // Two supervisors with their own savers: two writers, as two Lambda invocations would be.
    const supervisors = [1, 2].map(() =>
      makeSupervisor({ bus, runs, checkpointer: saver(), logger: silentLogger }),
    )
    const tenantId = 'acme'
    const runId = newId()
    await runs.createRun({ tenantId, runId, request: plan.goal })
    const model = { provider: 'offline', model: 'm', offline: true }
    const created = PlanCreated.draft(
      { plan, model },
      {
        tenantId,
        runId,
        correlationId: runId,
        causationId: null,
        route: 'async',
        actor: { kind: 'system', id: 'test' },
      },
    )
    await runs.putPlan({ tenantId, runId }, { plan, model, eventId: created.meta.eventId })
    const [planEvent] = await bus.publish(created)
    const tasks = () =>
      published
        .filter((e) => TaskQueued.is(e))
        .map((e) => e.data as { stepId: string; inputs: { stepId: string }[] })
    const complete = async (stepId: string, which = 0) => {
      const [event] = await bus.publish(
        StepCompleted.draft(
          { stepId, output: { text: `out-${stepId}` } },
          {
            tenantId,
            runId,
            correlationId: runId,
            causationId: null,
            route: 'async',
            actor: { kind: 'system', id: 'chorus.workers' },
          },
        ),
      )
      await delivered(() => (supervisors[which] as (typeof supervisors)[0]).onStepCompleted(event as never))
    }
    const history = async () => {
      const out: { id: string; parent?: string }[] = []
      for await (const t of saver().list({ configurable: { thread_id: runThreadId(tenantId, runId) } }))
        out.push({
          id: t.checkpoint.id,
          ...(t.parentConfig ? { parent: t.parentConfig.configurable?.checkpoint_id as string } : {}),
        })
      return out
    }
    return {
      supervisors,
      planEvent: planEvent as Envelope,
      tasks,
      complete,
      published,
      history,
      runs,
      bus,
      tenantId,
      runId,
    }
  }

  it.each([
    ['B before C', ['b', 'c']],
    ['C before B', ['c', 'b']],
  ])('runs a diamond A → B, C → D with D seeing both outputs (%s)', async (_, order) => {
    const run = await setup(diamond)
    await run.supervisors[0]?.onPlanCreated(run.planEvent as never)
    expect(run.tasks().map((t) => t.stepId)).toEqual(['a'])
    await run.complete('a')
    expect(
      run
        .tasks()
        .map((t) => t.stepId)
        .sort(),
    ).toEqual(['a', 'b', 'c'])
    for (const step of order) await run.complete(step)
    const d = run.tasks().find((t) => t.stepId === 'd')
    expect(d?.inputs.map((i) => i.stepId)).toEqual(['b', 'c'])
    await run.complete('d')
    const outcome = run.published.filter((e) => RunCompleted.is(e))
    expect(outcome.map((e) => e.data)).toEqual([{ output: 'out-d', finalSteps: ['d'] }])
    expect((await run.runs.getRun(run.tenantId, run.runId))?.status).toBe('completed')
  })

  it('resumes once when the same completion arrives three times', async () => {
    const run = await setup(diamond)
    await run.supervisors[0]?.onPlanCreated(run.planEvent as never)
    await run.complete('a')
    const before = await run.history()
    await run.complete('a')
    await run.complete('a', 1)
    expect(await run.history()).toEqual(before)
    expect(
      run
        .tasks()
        .map((t) => t.stepId)
        .sort(),
    ).toEqual(['a', 'b', 'c'])
  })

  it('applies two concurrent completions once each, without forking the thread', async () => {
    const run = await setup(diamond)
    await run.supervisors[0]?.onPlanCreated(run.planEvent as never)
    await run.complete('a')
    await Promise.all([run.complete('b', 0), run.complete('c', 1)])
    const dTasks = run.tasks().filter((t) => t.stepId === 'd')
    expect(dTasks).toHaveLength(1)
    expect(dTasks[0]?.inputs.map((i) => i.stepId)).toEqual(['b', 'c'])
    const history = await run.history()
    const parents = history.map((h) => h.parent).filter(Boolean)
    expect(new Set(parents).size).toBe(parents.length) // no checkpoint has two children
  })

  it('aborts the queued steps of a cancelled run and ignores their late completions', async () => {
    const run = await setup(diamond)
    const key = (stepId: string) => ({ tenantId: run.tenantId, runId: run.runId, stepId })
    /** What a worker stores before it publishes its StepCompleted: false when the step is no longer queued. */
    const workerFinishes = (stepId: string) =>
      run.runs.finishStep(key(stepId), {
        status: 'completed',
        output: { text: `out-${stepId}` },
        resultEventId: newId(),
      })
    await run.supervisors[0]?.onPlanCreated(run.planEvent as never)
    await workerFinishes('a')
    await run.complete('a')
    await workerFinishes('b')
    await run.complete('b')
    const [cancel] = await run.bus.publish(
      RunCancelRequested.draft(
        { reason: 'changed my mind' },
        {
          tenantId: run.tenantId,
          runId: run.runId,
          correlationId: run.runId,
          causationId: null,
          route: 'async',
          actor: { kind: 'user', id: 'user-1' },
        },
      ),
    )

    const other = run.supervisors[1] as (typeof run.supervisors)[0]
    await delivered(() => other.onRunCancelRequested(cancel as never))
    expect(await workerFinishes('c')).toBe(false)
    await run.complete('c') // a completion published anyway (an older worker) is ignored

    const steps = await run.runs.listSteps(run.tenantId, run.runId)
    expect(Object.fromEntries(steps.map((s) => [s.stepId, s.status]))).toEqual({
      a: 'completed',
      b: 'completed',
      c: 'aborted',
    })
    expect(steps.find((s) => s.stepId === 'c')?.error).toMatchObject({ code: 'run.cancelled' })
    expect((await run.runs.getRun(run.tenantId, run.runId))?.failure?.code).toBe('run.cancelled')
    expect(run.tasks().map((t) => t.stepId)).not.toContain('d')
    expect(run.published.filter((e) => RunFailed.is(e))).toHaveLength(1)
  })
})
