import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestTable } from '#platform/store/testing.ts'
import { makeTriggerStore } from './trigger-store.ts'

describe('trigger store (embedded engine)', () => {
  let env: Awaited<ReturnType<typeof startTestTable>>
  beforeAll(async () => {
    env = await startTestTable()
  })
  afterAll(() => env.close())

  it('keeps trigger definitions as versioned data', async () => {
    const triggers = makeTriggerStore(env.table)
    const trigger = {
      name: 'paid',
      pattern: { source: ['acme.billing'] },
      request: 'Summarise {{detail.id}}',
    }
    expect((await triggers.save('acme', 'paid', { ...trigger, enabled: true })).version).toBe(1)
    expect((await triggers.save('acme', 'paid', { ...trigger, enabled: false })).version).toBe(2)
    expect((await triggers.list('acme')).map((t) => [t.definition.enabled, t.version])).toEqual([[false, 2]])
  })
})
