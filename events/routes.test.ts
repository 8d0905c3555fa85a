import { describe, expect, it } from 'vitest'
import { CATALOG } from './registry.ts'
import { asyncPatternFor, CONSUMERS, consumersOf } from './routes.ts'

describe('routes', () => {
  it('delivers each internal event to exactly one service, and every event to the projector', () => {
    const routed = CATALOG.map((d) => [d.name, consumersOf(d.name).filter((c) => c !== 'projector')])
    expect(CATALOG.every((d) => consumersOf(d.name).includes('projector'))).toBe(true)
    expect(Object.fromEntries(routed)).toEqual({
      RunRequested: ['planner'],
      PlanCreated: ['supervisor'],
      PlanRejected: ['supervisor'],
      TaskQueued: ['workers'],
      StepCompleted: ['supervisor'],
      StepFailed: ['supervisor'],
      StepAborted: [],
      RunCompleted: [],
      RunFailed: [],
      RunCancelRequested: ['supervisor'],
      RunResumed: ['supervisor'],
      ApprovalRequested: [],
      ApprovalDecided: ['supervisor'],
      BudgetExceeded: [],
      ExternalEventReceived: [],
    })
  })

  it('derives each async rule pattern from the table', () => {
    expect(asyncPatternFor('supervisor')).toEqual({
      source: ['chorus.api', 'chorus.planner', 'chorus.workers'],
      'detail-type': [
        'ApprovalDecided',
        'PlanCreated',
        'PlanRejected',
        'RunCancelRequested',
        'RunResumed',
        'StepCompleted',
        'StepFailed',
      ],
      detail: { meta: { route: ['async'] } },
    })
    expect(CONSUMERS).toEqual(['planner', 'supervisor', 'workers', 'projector'])
  })
})
