import { type ExternalEvent, matchesPattern } from '#events'
import { TRIGGER_VARIABLE, type TriggerDefinition } from './trigger-definition.ts'

/** The longest request a run accepts (RunRequested). */
const MAX_REQUEST_CHARS = 20_000

/** An external event in EventBridge's shape: what trigger patterns see. */
export const asEventBridgeEvent = (eventId: string, event: ExternalEvent) => ({
  version: '0',
  id: eventId,
  source: event.source,
  'detail-type': event.detailType,
  time: event.time,
  resources: [],
  detail: event.detail,
})

const lookup = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>(
    (current, key) =>
      typeof current === 'object' && current !== null && Object.hasOwn(current, key)
        ? (current as Record<string, unknown>)[key]
        : undefined,
    value,
  )

const text = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)

/**
 * Fills a request template with an event's fields; a missing field renders empty.
 * @example renderRequest('Summarise {{detail.id}}', 'E1', event) // 'Summarise INV-42'
 */
export const renderRequest = (template: string, eventId: string, event: ExternalEvent): string => {
  const values: Record<string, unknown> = {
    source: event.source,
    detailType: event.detailType,
    time: event.time,
    eventId,
    detail: event.detail,
  }
  const rendered = template.replace(TRIGGER_VARIABLE, (_, variable: string) => {
    const [root = '', ...path] = variable.split('.')
    return text(lookup(values[root], path))
  })
  return rendered.slice(0, MAX_REQUEST_CHARS)
}

export type TriggerMatch =
  | { trigger: string; request: string }
  | { trigger: string; error: { code: 'trigger.emptyRequest'; message: string } }

/** The enabled triggers whose pattern matches the event, each with the request it renders. */
export const matchTriggers = (
  triggers: readonly TriggerDefinition[],
  eventId: string,
  event: ExternalEvent,
): TriggerMatch[] => {
  const candidate = asEventBridgeEvent(eventId, event)
  return triggers
    .filter((trigger) => trigger.enabled && matchesPattern(trigger.pattern, candidate))
    .map((trigger) => {
      const request = renderRequest(trigger.request, eventId, event).trim()
      return request
        ? { trigger: trigger.name, request }
        : {
            trigger: trigger.name,
            error: { code: 'trigger.emptyRequest' as const, message: 'the request template rendered empty' },
          }
    })
}
