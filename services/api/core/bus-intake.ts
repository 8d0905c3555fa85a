import { createHash } from 'node:crypto'
import { encodeTime } from 'ulid'
import { z } from 'zod'
import { TenantId } from '#events'
import type { Logger } from '#platform/log/index.ts'
import type { TriggerDefinition, TriggerStore } from '../triggers/index.ts'
import type { EventIntake, IntakeIds } from './event-intake.ts'

/** The `detail` field in which an outside producer on the bus names the tenant its event is for (ADR 0020). */
export const TENANT_FIELD = 'chorus-tenant'

/** An event as EventBridge delivers it to the intake queue. */
const BusEvent = z.looseObject({
  id: z.string().min(1).max(128),
  source: z.string(),
  'detail-type': z.string(),
  time: z.iso.datetime({ offset: true }).optional(),
  detail: z.record(z.string(), z.unknown()),
})

/** What became of one bus event: runs started, recorded without a match, or refused with the reason. */
export type BusIntakeResult =
  | { outcome: 'started'; tenantId: string; eventId: string; runs: { trigger: string; runId: string }[] }
  | { outcome: 'unmatched'; tenantId: string; eventId: string }
  | { outcome: 'refused'; code: string; message: string }

/**
 * The sources a tenant has registered for the bus: those its triggers name exactly in their
 * pattern's `source` (prefix or other matchers register nothing).
 */
export const registeredSources = (definitions: readonly TriggerDefinition[]): Set<string> =>
  new Set(
    definitions.flatMap(({ pattern }) => {
      const source = (pattern as { source?: unknown }).source
      return Array.isArray(source) ? source.filter((s): s is string => typeof s === 'string') : []
    }),
  )

/** A ULID for `seed`: the time of the event, then 80 bits of the seed's hash (same seed, same id). */
const derivedId = (seed: string, timeMs: number): string => {
  const digest = createHash('sha256').update(seed).digest()
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  let random = ''
  for (let i = 0; i < 16; i++) random += alphabet[(digest[i] ?? 0) % 32]
  return encodeTime(timeMs, 10) + random
}

/** Ids derived from the bus event's id, so every delivery of it writes the same records. */
const idsOf = (busEventId: string, timeMs: number): IntakeIds => ({
  event: derivedId(`${busEventId}#event`, timeMs),
  run: (trigger) => derivedId(`${busEventId}#run#${trigger}`, timeMs),
  request: (runId) => derivedId(`${busEventId}#request#${runId}`, timeMs),
})

const refused = (code: string, message: string): BusIntakeResult => ({ outcome: 'refused', code, message })

export interface BusIntakeDeps {
  intake: Pick<EventIntake, 'accept'>
  triggers: Pick<TriggerStore, 'list'>
  logger: Logger
}

/**
 * Events outside producers put on the Chorus bus (any source but `chorus.*`), taken through the same
 * intake as `POST /events`. The event names its tenant in `detail["chorus-tenant"]`, and its source
 * must be registered for that tenant (named by one of its triggers); anything else is refused.
 */
export const makeBusIntake = ({ intake, triggers, logger }: BusIntakeDeps) => ({
  receive: async (input: unknown): Promise<BusIntakeResult> => {
    const parsed = BusEvent.safeParse(input)
    if (!parsed.success)
      return refused(
        'intake.invalid',
        parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; '),
      )
    const { id, source, 'detail-type': detailType, time, detail } = parsed.data
    const tenant = TenantId.safeParse(detail[TENANT_FIELD])
    if (!tenant.success)
      return refused('intake.noTenant', `detail.${TENANT_FIELD}: must name the tenant, a lowercase slug`)
    const tenantId = tenant.data
    const definitions = (await triggers.list(tenantId)).map((t) => t.definition)
    if (!registeredSources(definitions).has(source))
      return refused(
        'intake.sourceNotRegistered',
        `source "${source}" is not registered for tenant "${tenantId}" (no trigger of the tenant names it)`,
      )
    const timeMs = time ? Date.parse(time) : Date.now()
    const entry = { Source: source, DetailType: detailType, Detail: detail, ...(time ? { Time: time } : {}) }
    const actor = { kind: 'external' as const, id: source }
    const result = await intake.accept(tenantId, actor, entry, definitions, idsOf(id, timeMs))
    if ('ErrorCode' in result) return refused(result.ErrorCode, result.ErrorMessage)
    const runs = result.Runs.map(({ Trigger, RunId }) => ({ trigger: Trigger, runId: RunId }))
    const context = { tenantId, source, detailType, eventId: result.EventId }
    if (runs.length === 0) {
      logger.info('external event matched no trigger', { ...context, unmatched: 1 })
      return { outcome: 'unmatched', tenantId, eventId: result.EventId }
    }
    logger.info('external event started runs', { ...context, runs: runs.length })
    return { outcome: 'started', tenantId, eventId: result.EventId, runs }
  },
})

export type BusIntake = ReturnType<typeof makeBusIntake>
