import type { z } from 'zod'
import type { Actor, Draft, Envelope, Route } from './envelope.ts'
import { newId } from './ids.ts'

/** The services that publish events; becomes the EventBridge `Source`. */
export type EventSource = 'chorus.api' | 'chorus.planner' | 'chorus.supervisor' | 'chorus.workers'

/** Where a new event comes from: its run, its cause and how it should travel. */
export interface DraftContext {
  tenantId: string
  runId: string
  correlationId: string
  causationId: string | null
  route: Route
  actor: Actor
  replay?: string
  /**
   * A fixed id for an event whose publication may be retried (an outbox id stored with the
   * state change that caused it): re-publishing it then appends nothing new.
   */
  eventId?: string
}

export interface EventDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly name: Name
  readonly version: number
  readonly source: EventSource
  readonly description: string
  readonly data: Schema
  /** Narrows a parsed envelope to this event. */
  is(event: Envelope): event is Envelope<Name, z.infer<Schema>>
  /** Builds a validated draft of this event; invalid data is a programming error and throws. */
  draft(data: z.input<Schema>, context: DraftContext): Draft<Name, z.infer<Schema>>
}

interface EventSpec<Name extends string, Schema extends z.ZodType> {
  name: Name
  version: number
  source: EventSource
  description: string
  data: Schema
}

/** Defines an event once: producers, consumers, the bus and the infrastructure all import it. */
export const defineEvent = <const Name extends string, Schema extends z.ZodType>(
  spec: EventSpec<Name, Schema>,
): EventDefinition<Name, Schema> => ({
  ...spec,
  is: (event): event is Envelope<Name, z.infer<Schema>> =>
    event.meta.name === spec.name && event.meta.version === spec.version,
  draft: (data, context) => ({
    meta: {
      eventId: context.eventId ?? newId(),
      name: spec.name,
      version: spec.version,
      occurredAt: new Date().toISOString(),
      tenantId: context.tenantId,
      runId: context.runId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      route: context.route,
      actor: context.actor,
      ...(context.replay ? { replay: context.replay } : {}),
    },
    data: spec.data.parse(data),
  }),
})

/** Context for an event caused by `cause`: same run and correlation, same route, a system actor. */
export const causedBy = (cause: Envelope, service: EventSource): DraftContext => ({
  tenantId: cause.meta.tenantId,
  runId: cause.meta.runId,
  correlationId: cause.meta.correlationId,
  causationId: cause.meta.eventId,
  route: cause.meta.route,
  actor: { kind: 'system', id: service },
  ...(cause.meta.replay ? { replay: cause.meta.replay } : {}),
})
