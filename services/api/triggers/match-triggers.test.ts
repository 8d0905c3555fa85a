import { describe, expect, it } from 'vitest'
import { matchTriggers, renderRequest } from './match-triggers.ts'
import { TriggerDefinition, templateProblems } from './trigger-definition.ts'

const event = {
  source: 'acme.billing',
  detailType: 'InvoicePaid',
  detail: { invoiceId: 'INV-42', amount: 1200, customer: { name: 'Globex' }, lines: [1, 2] },
  time: '2026-11-26T09:00:00.000Z',
}
const trigger = (overrides: Partial<TriggerDefinition> = {}): TriggerDefinition =>
  TriggerDefinition.parse({
    name: 't',
    pattern: { source: ['acme.billing'] },
    request: 'Handle {{detail.invoiceId}}',
    ...overrides,
  })

describe('triggers', () => {
  it('renders fields, nested paths, objects as JSON and missing fields as nothing', () => {
    const template =
      '{{source}}/{{detailType}} {{detail.customer.name}} {{detail.lines}} [{{detail.nope.deeper}}] {{eventId}}'
    expect(renderRequest(template, 'E1', event)).toBe('acme.billing/InvoicePaid Globex [1,2] [] E1')
  })

  it('names unknown template variables', () => {
    expect(templateProblems('{{amount}} {{source.x}} {{detail.}}')).toEqual([
      'unknown template variable "amount" (known: source, detailType, time, eventId, detail, detail.<path>)',
      'template variable "source.x": source has no fields',
      'template variable "detail.": empty path segment',
    ])
  })

  it('matches enabled triggers by EventBridge pattern, on detail-type and detail fields too', () => {
    const triggers = [
      trigger({
        name: 'big',
        pattern: { 'detail-type': ['InvoicePaid'], detail: { amount: [{ numeric: ['>', 1000] }] } },
      }),
      trigger({ name: 'small', pattern: { detail: { amount: [{ numeric: ['<', 100] }] } } }),
      trigger({ name: 'off', enabled: false }),
      trigger({ name: 'empty', request: '{{detail.nope}}' }),
    ]
    expect(matchTriggers(triggers, 'E1', event)).toEqual([
      { trigger: 'big', request: 'Handle INV-42' },
      {
        trigger: 'empty',
        error: { code: 'trigger.emptyRequest', message: 'the request template rendered empty' },
      },
    ])
  })

  it('refuses a malformed or oversized pattern', () => {
    expect(TriggerDefinition.safeParse({ name: 't', pattern: { source: 'x' }, request: 'r' }).success).toBe(
      false,
    )
    const huge = { source: Array.from({ length: 300 }, (_, i) => `source-${i}`) }
    const result = TriggerDefinition.safeParse({ name: 't', pattern: huge, request: 'r' })
    expect(result.success || result.error.issues[0]?.message).toMatch(/over the 2048 limit/)
  })
})
