import {
  ApprovalDecided,
  PlanCreated,
  PlanRejected,
  RunCancelRequested,
  RunRequested,
  RunResumed,
  StepCompleted,
  StepFailed,
  TaskQueued,
} from './catalog/index.ts'
import type { EventDefinition, EventSource } from './define-event.ts'
import { CATALOG } from './registry.ts'

/** The services that consume events; each has its own queue on AWS and in the embedded runtime. */
export type Consumer = 'planner' | 'supervisor' | 'workers' | 'projector'

/**
 * Which service consumes which event. The one routing table: the embedded bus delivers by
 * it, and the infrastructure generates one rule and one queue per consumer from it.
 */
export const ROUTES = {
  planner: [RunRequested],
  supervisor: [
    PlanCreated,
    PlanRejected,
    StepCompleted,
    StepFailed,
    RunCancelRequested,
    RunResumed,
    ApprovalDecided,
  ],
  workers: [TaskQueued],
  /** Read models (run summaries) folded from every event, live and replayed. */
  projector: CATALOG,
} as const satisfies Record<Consumer, readonly EventDefinition[]>

export const CONSUMERS = Object.keys(ROUTES) as Consumer[]

/** Consumers of an event name, in table order. */
export const consumersOf = (eventName: string): Consumer[] =>
  CONSUMERS.filter((consumer) => ROUTES[consumer].some((definition) => definition.name === eventName))

/** An EventBridge event pattern, as data (the subset of operators Chorus uses). */
export interface EventPattern {
  source: EventSource[]
  'detail-type': string[]
  detail: { meta: { route: ['async'] } }
}

/**
 * The pattern of a consumer's async rule: its events, and only those routed `async`
 * (sync events are dispatched in-process by their producer).
 */
export const asyncPatternFor = (consumer: Consumer): EventPattern => {
  const definitions: readonly EventDefinition[] = ROUTES[consumer]
  return {
    source: [...new Set(definitions.map((d) => d.source))].sort(),
    'detail-type': [...new Set(definitions.map((d) => d.name))].sort(),
    detail: { meta: { route: ['async'] } },
  }
}
