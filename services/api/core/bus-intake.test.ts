import { describe, expect, it } from 'vitest'
import { TriggerDefinition } from '../triggers/index.ts'
import { registeredSources } from './bus-intake.ts'

const trigger = (name: string, pattern: Record<string, unknown>) =>
  TriggerDefinition.parse({ name, pattern, request: 'r' })

describe('registeredSources', () => {
  it('registers the exact sources a tenant names in its triggers, and nothing a prefix could match', () => {
    const definitions = [
      trigger('paid', { source: ['acme.billing', 'acme.shop'], 'detail-type': ['InvoicePaid'] }),
      trigger('any-crm', { source: [{ prefix: 'acme.crm' }] }),
      trigger('by-type', { 'detail-type': ['LeadWon'] }),
    ]

    const sources = registeredSources(definitions)

    expect([...sources].sort()).toEqual(['acme.billing', 'acme.shop'])
    expect(sources.has('acme.crm.leads')).toBe(false)
  })

  it('registers nothing for a tenant without triggers', () => {
    expect(registeredSources([]).size).toBe(0)
  })
})
