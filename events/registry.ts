import { z } from 'zod'
import {
  ApprovalDecided,
  ApprovalRequested,
  BudgetExceeded,
  ExternalEventReceived,
  PlanCreated,
  PlanRejected,
  RunCancelRequested,
  RunCompleted,
  RunFailed,
  RunRequested,
  RunResumed,
} from './catalog/index.ts'
import { StepAborted, StepCompleted, StepFailed, TaskQueued } from './catalog/steps.ts'
import type { EventDefinition } from './define-event.ts'
import { type Envelope, MAX_ENTRY_BYTES, Meta } from './envelope.ts'
import { EventContractError } from './errors.ts'

/**
 * Every event Chorus understands, each with all its versions (`versions`, oldest first). A new
 * version evolves its definition (`evolve`, with an upcaster); an old one is never edited.
 */
export const CATALOG = [
  RunRequested,
  PlanCreated,
  PlanRejected,
  TaskQueued,
  StepCompleted,
  StepFailed,
  StepAborted,
  RunCompleted,
  RunFailed,
  RunCancelRequested,
  RunResumed,
  ApprovalRequested,
  ApprovalDecided,
  BudgetExceeded,
  ExternalEventReceived,
] as const satisfies readonly EventDefinition[]

export type CatalogEvent = (typeof CATALOG)[number]

const byName = new Map<string, EventDefinition>(CATALOG.map((d) => [d.name, d]))

/** Looks up the definition that knows an event name and version (its current one or an older one). */
export const findDefinition = (name: string, version: number): EventDefinition | undefined => {
  const definition = byName.get(name)
  return definition?.versions.some((v) => v.version === version) ? definition : undefined
}

const formatIssues = (issues: readonly z.core.$ZodIssue[], prefix: string): string[] =>
  issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.')
    return `${path || '(root)'}: ${issue.message}`
  })

/** The shapes an event arrives in: an envelope, an EventBridge event (SQS target) or a PutEvents entry. */
const EventBridgeEvent = z.object({ 'detail-type': z.string(), source: z.string(), detail: z.unknown() })
const PutEventsEntry = z.object({ DetailType: z.string(), Source: z.string(), Detail: z.string() })
const NameAndVersion = z.looseObject(Meta.pick({ name: true, version: true }).shape)
const RawEnvelope = z.object({ meta: z.record(z.string(), z.unknown()), data: z.unknown() }).strict()

const unwrap = (input: unknown): { envelope: unknown; detailType?: string; source?: string } => {
  const bridge = EventBridgeEvent.safeParse(input)
  if (bridge.success)
    return {
      envelope: bridge.data.detail,
      detailType: bridge.data['detail-type'],
      source: bridge.data.source,
    }
  const entry = PutEventsEntry.safeParse(input)
  if (entry.success) {
    try {
      return {
        envelope: JSON.parse(entry.data.Detail),
        detailType: entry.data.DetailType,
        source: entry.data.Source,
      }
    } catch {
      throw new EventContractError('event.invalid', ['Detail: is not valid JSON'])
    }
  }
  return { envelope: input }
}

export type ParseEventResult =
  | { success: true; event: Envelope }
  | { success: false; error: EventContractError }

/**
 * Parses anything that claims to be a Chorus event. Unknown names and versions, a
 * DetailType or Source that disagrees with the definition, and invalid data are rejected
 * with an error naming each offending field.
 */
export const parseEvent = (input: unknown): ParseEventResult => {
  try {
    return { success: true, event: parseEventOrThrow(input) }
  } catch (error) {
    if (error instanceof EventContractError) return { success: false, error }
    throw error
  }
}

const parseEventOrThrow = (input: unknown): Envelope => {
  const { envelope, detailType, source } = unwrap(input)
  const raw = RawEnvelope.safeParse(envelope)
  if (!raw.success) throw new EventContractError('event.invalid', formatIssues(raw.error.issues, ''))
  const head = NameAndVersion.safeParse(raw.data.meta)
  if (!head.success) throw new EventContractError('event.invalid', formatIssues(head.error.issues, 'meta'))
  const { name, version } = head.data
  const definition = byName.get(name)
  if (!definition) throw new EventContractError('event.unknownName', [`meta.name: unknown event "${name}"`])
  const written = definition.versions.find((v) => v.version === version)
  if (!written) {
    const known = definition.versions.map((v) => v.version).join(', ')
    throw new EventContractError('event.unknownVersion', [
      `meta.version: ${name} has no version ${version} (known: ${known})`,
    ])
  }
  const meta = Meta.safeParse(raw.data.meta)
  if (!meta.success) throw new EventContractError('event.invalid', formatIssues(meta.error.issues, 'meta'))
  if (detailType !== undefined && detailType !== name)
    throw new EventContractError('event.invalid', [
      `detail-type: "${detailType}" does not match meta.name "${name}"`,
    ])
  if (source !== undefined && source !== definition.source)
    throw new EventContractError('event.invalid', [
      `source: expected "${definition.source}", got "${source}"`,
    ])
  const data = written.data.safeParse(raw.data.data)
  if (!data.success) throw new EventContractError('event.invalid', formatIssues(data.error.issues, 'data'))
  if (version === definition.version) return { meta: meta.data, data: data.data }
  // An older version is read in the current shape: the log keeps its bytes, readers see the newest.
  return {
    meta: { ...meta.data, version: definition.version },
    data: definition.upcast(version, data.data),
  }
}

/**
 * An event in its current version: as it is when it already is one, else parsed and upcast (an
 * event that waited in a queue or a log while a newer version was released). Throws what
 * `parseEvent` reports.
 */
export const upcastEvent = (event: Envelope): Envelope => {
  if (byName.get(event.meta.name)?.version === event.meta.version) return event
  const parsed = parseEvent(event)
  if (!parsed.success) throw parsed.error
  return parsed.event
}

/** Serialised size of an event as it would travel on the bus. */
export const entryBytes = (event: { meta: unknown; data: unknown }): number =>
  Buffer.byteLength(JSON.stringify(event), 'utf8')

/** Throws when an event would not fit in an EventBridge entry. */
export const assertWithinEntryLimit = (event: { meta: { name: string }; data: unknown }): void => {
  const bytes = entryBytes({ meta: event.meta, data: event.data })
  if (bytes > MAX_ENTRY_BYTES)
    throw new EventContractError('event.tooLarge', [
      `${event.meta.name}: ${bytes} bytes exceeds the ${MAX_ENTRY_BYTES}-byte entry limit`,
    ])
}

/** JSON Schema of every event version (`Name.vN`), old ones included, for external producers and schema registries. */
export const eventJsonSchemas = (): Record<string, unknown> =>
  Object.fromEntries(
    CATALOG.flatMap((d) =>
      d.versions.map((v) => [
        `${d.name}.v${v.version}`,
        {
          source: d.source,
          description: v.description,
          schema: z.toJSONSchema(z.object({ meta: Meta, data: v.data }), {
            io: 'input',
            unrepresentable: 'any',
          }),
        },
      ]),
    ),
  )
