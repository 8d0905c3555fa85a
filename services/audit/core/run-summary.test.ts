import { describe, expect, it } from 'vitest'
import {
  type Draft,
  type Envelope,
  PlanCreated,
  RunCompleted,
  RunFailed,
  RunRequested,
  RunResumed,
  StepAborted,
  StepCompleted,
  StepFailed,
  TaskQueued,
} from '#events'
import { emptySummary, reduceRun } from './run-summary.ts'

const runId = '01JD0000RXN00000000000000A'
const context = {
  tenantId: 'acme',
  runId,
  correlationId: runId,
  causationId: null,
  route: 'async' as const,
  actor: { kind: 'system' as const, id: 'test' },
}
const plan = {
  goal: 'g',
  steps: [
    { id: 'a', team: 'researcher', instruction: 'A', dependsOn: [] },
    { id: 'b', team: 'writer', instruction: 'B', dependsOn: [] },
  ],
}
const task = (stepId: string) =>
  TaskQueued.draft({ stepId, team: 'researcher', goal: 'g', instruction: stepId, inputs: [] }, context)
const failure = (code: string) => ({ code, message: code, retryable: false })

/** Folds drafts in order, as the log would number them. */
const fold = (drafts: Draft[]) =>
  drafts.reduce(
    (summary, draft, i) => reduceRun(summary, { ...draft, meta: { ...draft.meta, seq: i + 1 } } as Envelope),
    emptySummary(runId),
  )

describe('reduceRun', () => {
  const started = () => [
    PlanCreated.draft({ plan, model: { provider: 'offline', model: 'm', offline: true } }, context),
    task('a'),
    task('b'),
  ]

  it('shows the queued steps of a cancelled run as aborted and ignores their late completions', () => {
    const summary = fold([
      ...started(),
      RunFailed.draft({ reason: failure('run.cancelled') }, context),
      StepCompleted.draft({ stepId: 'a', output: { text: 'too late' } }, context),
      StepFailed.draft({ stepId: 'b', error: failure('team.failed') }, context),
    ])

    expect(summary.status).toBe('failed')
    expect(summary.steps).toEqual({
      a: { team: 'researcher', status: 'aborted' },
      b: { team: 'writer', status: 'aborted' },
    })
  })

  it('marks a step aborted by its worker, and keeps a step that completed before the cancel', () => {
    const summary = fold([
      ...started(),
      StepCompleted.draft({ stepId: 'a', output: { text: 'done' } }, context),
      StepAborted.draft({ stepId: 'b', reason: failure('run.cancelled') }, context),
      RunFailed.draft({ reason: failure('run.cancelled') }, context),
    ])

    expect(summary.steps).toEqual({
      a: { team: 'researcher', status: 'completed' },
      b: { team: 'writer', status: 'aborted' },
    })
  })

  it('shows a run resumed after a dead letter as going on again, then as it ends', () => {
    const failed = RunFailed.draft({ reason: failure('queue.exhausted') }, context)
    const resumed = RunResumed.draft(
      {
        failedEventId: failed.meta.eventId,
        redriven: { eventId: failed.meta.eventId, name: 'TaskQueued', consumer: 'workers' },
      },
      context,
    )
    const beforeTheEnd = fold([...started(), failed, resumed])
    const unplanned = fold([RunRequested.draft({ request: 'hi' }, context), failed, resumed])
    const completed = fold([
      ...started(),
      failed,
      resumed,
      StepCompleted.draft({ stepId: 'a', output: { text: 'A' } }, context),
      StepCompleted.draft({ stepId: 'b', output: { text: 'B' } }, context),
      RunCompleted.draft({ output: 'A\n\nB', finalSteps: ['a', 'b'] }, context),
    ])

    expect([beforeTheEnd.status, beforeTheEnd.failure]).toEqual(['planned', undefined])
    expect([unplanned.status, unplanned.failure]).toEqual(['requested', undefined])
    expect(completed).toMatchObject({ status: 'completed', output: 'A\n\nB' })
    expect(completed.failure).toBeUndefined()
  })

  it('still records a sibling outcome after a run failed for another reason', () => {
    const summary = fold([
      ...started(),
      StepFailed.draft({ stepId: 'a', error: failure('team.failed') }, context),
      RunFailed.draft({ reason: failure('team.failed') }, context),
      StepCompleted.draft({ stepId: 'b', output: { text: 'done anyway' } }, context),
    ])

    expect(summary.steps).toEqual({
      a: { team: 'researcher', status: 'failed' },
      b: { team: 'writer', status: 'completed' },
    })
  })
})
