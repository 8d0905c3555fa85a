import { describe, expect, it } from 'vitest'
import { type Draft, newId, RunRequested } from '#events'
import type { Bus } from './bus.ts'
import { handOverAware } from './hand-over.ts'

const recording = () => {
  const published: Draft[] = []
  const bus: Bus = {
    publish: async (drafts) => {
      published.push(...(Array.isArray(drafts) ? drafts : [drafts as Draft]))
      return []
    },
    subscribe: () => () => {},
  }
  return { bus, published }
}

const draft = (runId: string, route: 'sync' | 'async') =>
  RunRequested.draft(
    { request: 'hi' },
    {
      tenantId: 'acme',
      runId,
      correlationId: runId,
      causationId: null,
      route,
      actor: { kind: 'system', id: 't' },
    },
  )

describe('handOverAware', () => {
  it('sends the sync events of a handed-over run async, and leaves the others alone', async () => {
    const { bus, published } = recording()
    const handed = newId()
    const other = newId()
    let lookups = 0
    const routed = handOverAware(bus, async ({ runId }) => {
      lookups++
      return runId === handed
    })

    await routed.publish([draft(handed, 'sync'), draft(other, 'sync'), draft(handed, 'async')])
    await routed.publish(draft(handed, 'sync'))

    expect(published.map((d) => [d.meta.runId === handed, d.meta.route])).toEqual([
      [true, 'async'],
      [false, 'sync'],
      [true, 'async'],
      [true, 'async'],
    ])
    expect(lookups).toBe(2) // the handed-over run is looked up once, async drafts never
  })
})
