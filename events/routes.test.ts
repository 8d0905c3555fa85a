import { describe, expect, it } from 'vitest'
import { CATALOG } from './registry.ts'
import { asyncPatternFor, CONSUMERS, consumersOf } from './routes.ts'

describe('routes', () => {
  it('delivers each internal event to exactly one consumer, and terminal events to none', () => {
    const routed = CATALOG.map((d) => [d.name, consumersOf(d.name)])
    expect(Object.fromEntries(routed)).toEqual({
      RunRequested: ['planner'],
      PlanCreated: ['supervisor'],
      PlanRejected: [],
      TaskQueued: ['workers'],
      StepCompleted: ['supervisor'],
      StepFailed: ['supervisor'],
      RunCompleted: [],
      RunFailed: [],
    })
  })

  it('derives each async rule pattern from the table', () => {
    expect(asyncPatternFor('supervisor')).toEqual({
      source: ['chorus.planner', 'chorus.workers'],
      'detail-type': ['PlanCreated', 'StepCompleted', 'StepFailed'],
      detail: { meta: { route: ['async'] } },
    })
    expect(CONSUMERS).toEqual(['planner', 'supervisor', 'workers'])
  })
})
