import type { z } from 'zod'
import type { Actor, Draft, Envelope, Route } from './envelope.ts'
import { EventContractError } from './errors.ts'
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

/** One published version of an event: what its data looked like then. Never edited once published. */
export interface EventVersion {
  readonly version: number
  readonly description: string
  readonly data: z.ZodType
}

export interface EventDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly name: Name
  /** The current version: what producers write and what every consumer reads. */
  readonly version: number
  readonly source: EventSource
  readonly description: string
  /** The current version's data schema. */
  readonly data: Schema
  /** Every version, oldest first, the current one last; each keeps its own schema (and JSON Schema). */
  readonly versions: readonly EventVersion[]
  /** Narrows a parsed envelope to this event (parsing upcasts older versions to the current one). */
  is(event: Envelope): event is Envelope<Name, z.infer<Schema>>
  /** Builds a validated draft of this event; invalid data is a programming error and throws. */
  draft(data: z.input<Schema>, context: DraftContext): Draft<Name, z.infer<Schema>>
  /**
   * Reads data already valid for `version` as the current version: each upcaster in turn, each
   * result checked by the next version's schema. An upcaster that breaks it throws `event.invalid`.
   */
  upcast(version: number, data: unknown): z.infer<Schema>
  /**
   * Declares the next version: its schema and the upcaster that turns this version's data into it.
   * Old events keep their bytes in the log; every reader sees them in the newest shape.
   * @example const PlanCreated = PlanCreatedV1.evolve({ version: 2, description, data, upcast: (v1) => v1 })
   */
  evolve<Next extends z.ZodType>(next: {
    version: number
    description: string
    data: Next
    upcast: (previous: z.infer<Schema>) => z.input<Next>
  }): EventDefinition<Name, Next>
}

interface EventSpec<Name extends string, Schema extends z.ZodType> {
  name: Name
  version: number
  source: EventSource
  description: string
  data: Schema
}

/** A version and the upcaster from the version before it (none for the first). */
interface Step extends EventVersion {
  readonly upcast?: (previous: unknown) => unknown
}

/** Defines an event once: producers, consumers, the bus and the infrastructure all import it. */
export const defineEvent = <const Name extends string, Schema extends z.ZodType>(
  spec: EventSpec<Name, Schema>,
): EventDefinition<Name, Schema> =>
  build(spec.name, spec.source, [
    { version: spec.version, description: spec.description, data: spec.data },
  ]) as EventDefinition<Name, Schema>

const build = (name: string, source: EventSource, steps: readonly Step[]): EventDefinition => {
  const current = steps.at(-1) as Step
  return {
    name,
    source,
    version: current.version,
    description: current.description,
    data: current.data,
    versions: steps.map(({ version, description, data }) => ({ version, description, data })),
    is: (event): event is Envelope => event.meta.name === name && event.meta.version === current.version,
    draft: (data, context) => ({
      meta: {
        eventId: context.eventId ?? newId(),
        name,
        version: current.version,
        occurredAt: new Date().toISOString(),
        tenantId: context.tenantId,
        runId: context.runId,
        correlationId: context.correlationId,
        causationId: context.causationId,
        route: context.route,
        actor: context.actor,
        ...(context.replay ? { replay: context.replay } : {}),
      },
      data: current.data.parse(data),
    }),
    upcast: (version, data) => {
      let value = data
      for (const step of steps.filter((s) => s.version > version)) {
        const next = step.data.safeParse(step.upcast?.(value))
        if (!next.success)
          throw new EventContractError('event.invalid', [
            `data: ${name} v${step.version - 1} does not upcast to v${step.version}: ${next.error.message}`,
          ])
        value = next.data
      }
      return value
    },
    evolve: (next) => {
      if (next.version !== current.version + 1)
        throw new Error(`${name}: version ${next.version} must follow version ${current.version}`)
      return build(name, source, [...steps, next as Step]) as never
    },
  }
}

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
