import { describe, expect, it } from 'vitest'
import {
  type Budget,
  type Envelope,
  RunRequested,
  StepCompleted,
  StepFailed,
  type StepUsage,
  TaskQueued,
} from '#events'
import { allowanceOf, gateDispatch, limitReached, stopAfterStep, usageAt } from './budget.ts'

const context = {
  tenantId: 't',
  runId: '01JD0000RXN00000000000000A',
  correlationId: 'c',
  causationId: null,
  route: 'async' as const,
  actor: { kind: 'system' as const, id: 'chorus.supervisor' },
}
let seq = 0
const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, second)).toISOString()
const logged = <E extends { meta: object }>(draft: E, second: number) =>
  ({ ...draft, meta: { ...draft.meta, seq: ++seq, occurredAt: at(second) } }) as unknown as Envelope
const usage = (tokens: number, toolCalls = 0, costUsd = 0): StepUsage => ({
  team: 'writer',
  inputTokens: tokens,
  outputTokens: 0,
  toolCalls,
  modelCalls: 1,
  costUsd,
  prices: '2026-12-01',
})
const requested = (budget: Budget) => logged(RunRequested.draft({ request: 'r', budget }, context), 0)
const queued = (stepId: string, second: number) =>
  logged(
    TaskQueued.draft({ stepId, team: 'writer', goal: 'g', instruction: 'i', inputs: [] }, context),
    second,
  )
const completed = (stepId: string, used: StepUsage, second: number) =>
  logged(StepCompleted.draft({ stepId, output: { text: 'o' }, usage: used }, context), second)

describe('the budget fold', () => {
  it('counts the usage logged up to the cause, the steps dispatched, and the time since the request', () => {
    seq = 0
    const log = [
      requested({}),
      queued('a', 1),
      completed('a', usage(100, 2, 0.001), 3),
      completed('b', usage(50), 4),
    ]
    const decision = { causeSeq: 3, at: at(3), startedAt: at(0), steps: 1 }
    expect(usageAt(log, decision)).toEqual({
      steps: 1,
      tokens: 100,
      toolCalls: 2,
      costUsd: 0.001,
      durationSec: 3,
    })
  })

  it('names the first limit reached in a fixed order; maxSteps only before a dispatch', () => {
    const used = { steps: 2, tokens: 100, toolCalls: 1, costUsd: 0.5, durationSec: 10 }
    expect(limitReached({ maxSteps: 2, maxTokens: 100 }, used, { dispatching: true })).toEqual({
      limit: 'maxSteps',
      max: 2,
    })
    expect(limitReached({ maxSteps: 2, maxTokens: 100 }, used, { dispatching: false })).toEqual({
      limit: 'maxTokens',
      max: 100,
    })
    expect(limitReached({ maxTokens: 101, maxDurationSec: 11 }, used, { dispatching: true })).toBeUndefined()
  })

  it('leaves each step what is left, and the deadline of maxDurationSec', () => {
    const used = { steps: 1, tokens: 40, toolCalls: 1, costUsd: 0.25, durationSec: 3 }
    expect(
      allowanceOf({ maxTokens: 100, maxToolCalls: 3, maxCostUsd: 1, maxDurationSec: 60 }, used, at(0)),
    ).toEqual({
      maxTokens: 60,
      maxToolCalls: 2,
      maxCostUsd: 0.75,
      deadline: at(60),
    })
    expect(allowanceOf({ maxSteps: 3 }, used, at(0))).toBeUndefined()
  })

  it('admits new steps in order until maxSteps, re-sends dispatched ones, and names the refused step', () => {
    seq = 0
    const log = [requested({ maxSteps: 2 }), queued('a', 1), completed('a', usage(10), 2)]
    const cause = log[2] as Envelope
    const gate = gateDispatch(log, cause, ['a', 'b', 'c'])
    expect([...gate.admitted]).toEqual(['a', 'b'])
    expect(gate.stop).toMatchObject({
      limit: 'maxSteps',
      max: 2,
      stepId: 'c',
      usage: { steps: 2, tokens: 10 },
    })
  })

  it('admits everything of a run without a budget', () => {
    seq = 0
    const log = [logged(RunRequested.draft({ request: 'r' }, context), 0)]
    expect(gateDispatch(log, log[0] as Envelope, ['a'])).toEqual({ admitted: new Set(['a']) })
  })

  it("decides a worker's stop by the logged usage, steps aside", () => {
    seq = 0
    const log = [requested({ maxSteps: 1, maxToolCalls: 2 }), queued('a', 1)]
    const failed = logged(
      StepFailed.draft(
        {
          stepId: 'a',
          error: { code: 'budget.exceeded', message: 'm', retryable: false },
          usage: usage(5, 2),
        },
        context,
      ),
      2,
    )
    expect(stopAfterStep([...log, failed], failed, 'a')).toMatchObject({
      limit: 'maxToolCalls',
      max: 2,
      stepId: 'a',
      usage: { steps: 1, toolCalls: 2 },
    })
  })
})
