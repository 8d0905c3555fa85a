import { z } from 'zod'
import {
  type Actor,
  assertWithinEntryLimit,
  DetailType,
  type Draft,
  EventContractError,
  ExternalEventReceived,
  ExternalSource,
  newId,
  RunRequested,
} from '#events'
import type { Bus } from '#platform/bus/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { RunStore } from '#platform/store/index.ts'
import { PutEventsEntry } from '../http/schemas.ts'
import { matchTriggers, type TriggerDefinition, type TriggerStore } from '../triggers/index.ts'
import { resolveBudget, SHIPPED_TENANT_BUDGETS, type TenantBudgets } from './budgets.ts'

export interface EventIntakeDeps {
  bus: Bus
  runs: RunStore
  triggers: TriggerStore
  logger: Logger
  /** Tenants' budget defaults (ADR 0031): a triggered run gets its tenant's. */
  budgets?: TenantBudgets
}

/** The per-entry answer, as EventBridge's PutEvents gives it (plus the runs the entry started). */
export type EntryResult =
  | {
      EventId: string
      Runs: { Trigger: string; RunId: string }[]
      TriggerErrors?: { Trigger: string; ErrorCode: string; ErrorMessage: string }[]
    }
  | { ErrorCode: string; ErrorMessage: string }

const JsonObject = z.record(z.string(), z.unknown())

/** An entry checked field by field: the problems name the entry's fields. */
const Entry = PutEventsEntry.extend({
  Source: ExternalSource,
  DetailType,
  Detail: z.unknown().transform((detail, ctx) => {
    let value = detail
    if (typeof detail === 'string')
      try {
        value = JSON.parse(detail)
      } catch {
        value = undefined
      }
    const parsed = JsonObject.safeParse(value)
    if (parsed.success) return parsed.data
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object or its JSON text' })
    return z.NEVER
  }),
})

/**
 * The ids an entry's records get: fresh for `POST /events`; derived from the bus event's own id for
 * an event taken off the bus, so a redelivery writes the same records (runs created once, events
 * appended once).
 */
export interface IntakeIds {
  event: string
  run(trigger: string): string
  /** The id of the RunRequested that starts `runId`. */
  request(runId: string): string
}

const freshIds = (): IntakeIds => ({ event: newId(), run: () => newId(), request: () => newId() })

const problemsOf = (issues: readonly z.core.$ZodIssue[]) =>
  issues.map((i) => `${i.path.map(String).join('.') || '(entry)'}: ${i.message}`).join('; ')

/**
 * `POST /events`: each entry is checked on its own; a valid one is logged as
 * ExternalEventReceived (a stream of its own, named by its event id) and starts a run per
 * matching trigger. Invalid entries are reported, never fail their siblings.
 */
export const makeEventIntake = ({
  bus,
  runs,
  triggers,
  logger,
  budgets = SHIPPED_TENANT_BUDGETS,
}: EventIntakeDeps) => {
  const accept = async (
    tenantId: string,
    actor: Actor,
    raw: unknown,
    definitions: readonly TriggerDefinition[],
    ids: IntakeIds = freshIds(),
  ): Promise<EntryResult> => {
    const entry = Entry.safeParse(raw)
    if (!entry.success) return { ErrorCode: 'event.invalid', ErrorMessage: problemsOf(entry.error.issues) }
    const { Source: source, DetailType: detailType, Detail: detail, Time } = entry.data
    const event = { source, detailType, detail, time: new Date(Time ?? Date.now()).toISOString() }
    const eventId = ids.event
    const matches = matchTriggers(definitions, eventId, event)
    const started = matches.flatMap((m) => ('request' in m ? [{ ...m, runId: ids.run(m.trigger) }] : []))
    const context = { tenantId, correlationId: eventId, route: 'async' as const, actor }
    const received = ExternalEventReceived.draft(
      { event, runs: started.map(({ trigger, runId }) => ({ trigger, runId })) },
      { ...context, runId: eventId, causationId: null, eventId },
    )
    try {
      assertWithinEntryLimit(received)
    } catch (error) {
      if (error instanceof EventContractError) return { ErrorCode: error.code, ErrorMessage: error.message }
      throw error
    }
    const requested: Draft[] = []
    for (const { runId, request } of started) {
      const budget = resolveBudget(budgets, tenantId, undefined)
      const draft = RunRequested.draft(
        { request, ...(budget ? { budget } : {}) },
        { ...context, runId, causationId: eventId, eventId: ids.request(runId) },
      )
      await runs.createRun({ tenantId, runId, request, startEvent: draft })
      requested.push(draft)
    }
    await bus.publish([received, ...requested])
    const failed = matches.flatMap((m) =>
      'error' in m ? [{ Trigger: m.trigger, ErrorCode: m.error.code, ErrorMessage: m.error.message }] : [],
    )
    return {
      EventId: eventId,
      Runs: started.map(({ trigger, runId }) => ({ Trigger: trigger, RunId: runId })),
      ...(failed.length > 0 ? { TriggerErrors: failed } : {}),
    }
  }

  return {
    /** One entry against the tenant's trigger definitions (the bus intake lists them itself). */
    accept,
    publish: async (input: { tenantId: string; actor: Actor; entries: readonly unknown[] }) => {
      const definitions = (await triggers.list(input.tenantId)).map((t) => t.definition)
      const Entries: EntryResult[] = []
      for (const raw of input.entries) {
        try {
          Entries.push(await accept(input.tenantId, input.actor, raw, definitions))
        } catch (error) {
          logger.error('event entry failed', { tenantId: input.tenantId, error })
          Entries.push({ ErrorCode: 'InternalFailure', ErrorMessage: 'internal error; retry this entry' })
        }
      }
      return { FailedEntryCount: Entries.filter((e) => 'ErrorCode' in e).length, Entries }
    },
  }
}

export type EventIntake = ReturnType<typeof makeEventIntake>
