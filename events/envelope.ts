import { z } from 'zod'
import { EventId, RunId, TenantId } from './ids.ts'

/** Who caused an event: a person, an API key, an outside system, or Chorus itself. */
export const Actor = z
  .object({
    kind: z.enum(['user', 'apiKey', 'external', 'system']),
    id: z.string().min(1).max(256),
    sourceIp: z.string().max(64).optional(),
  })
  .strict()
export type Actor = z.infer<typeof Actor>

export const Route = z.enum(['sync', 'async'])
export type Route = z.infer<typeof Route>

/** The metadata block every event carries (DESIGN §2). */
export const Meta = z
  .object({
    eventId: EventId,
    name: z.string().regex(/^[A-Z][A-Za-z]+$/, 'must be a PascalCase event name'),
    version: z.number().int().positive(),
    occurredAt: z.iso.datetime(),
    tenantId: TenantId,
    runId: RunId,
    /** Position in the run's log, 1-based and gap-free; assigned when the event is appended. */
    seq: z.number().int().positive(),
    correlationId: z.string().min(1).max(128),
    causationId: z.string().min(1).max(128).nullable(),
    route: Route,
    /** Name of the replay that re-delivered this event; absent on live events. */
    replay: z.string().min(1).max(64).optional(),
    actor: Actor,
  })
  .strict()
export type Meta = z.infer<typeof Meta>

/** Metadata before the event is appended to its run's log (no `seq` yet). */
export const DraftMeta = Meta.omit({ seq: true })
export type DraftMeta = z.infer<typeof DraftMeta>

/** A parsed, appended event: `meta` plus the typed `data` of its definition. */
export interface Envelope<Name extends string = string, Data = unknown> {
  meta: Meta & { name: Name }
  data: Data
}

/** An event ready to be appended: everything but its `seq`. */
export interface Draft<Name extends string = string, Data = unknown> {
  meta: DraftMeta & { name: Name }
  data: Data
}

/** EventBridge caps an entry at 256 KB; Chorus keeps a margin for the envelope fields. */
export const MAX_ENTRY_BYTES = 256 * 1024 - 1024
