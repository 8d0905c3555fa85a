import { describe, expect, it } from 'vitest'
import { type Draft, type Envelope, newId, RunCompleted, RunFailed, StepCompleted } from '#events'
import { deliveryHasWork } from './delivery-pipeline.ts'

const runId = newId()
const context = {
  tenantId: 'acme',
  runId,
  correlationId: runId,
  causationId: null,
  route: 'sync' as const,
  actor: { kind: 'system' as const, id: 'test' },
}
const appended = (draft: Draft, replay?: string): Envelope => ({
  ...draft,
  meta: { ...draft.meta, seq: 1, ...(replay ? { replay } : {}) },
})
const stepCompleted = appended(StepCompleted.draft({ stepId: 's1', output: { text: 'done' } }, context))
const runCompleted = appended(RunCompleted.draft({ output: 'answer', finalSteps: ['s1'] }, context))
const runFailed = appended(
  RunFailed.draft({ reason: { code: 'x', message: 'failed', retryable: false } }, context),
)

describe('deliveryHasWork', () => {
  it('leaves the projector a live event only when it ends a run', () => {
    expect(deliveryHasWork('projector', stepCompleted)).toBe(false)
    expect(deliveryHasWork('projector', runCompleted)).toBe(true)
    expect(deliveryHasWork('projector', runFailed)).toBe(true)
  })

  it('gives the projector every replayed event', () => {
    expect(deliveryHasWork('projector', appended(stepCompleted, 'r1'))).toBe(true)
  })

  it('gives every other consumer every event it is routed', () => {
    for (const consumer of ['planner', 'supervisor', 'workers'] as const)
      expect(deliveryHasWork(consumer, stepCompleted)).toBe(true)
  })
})
