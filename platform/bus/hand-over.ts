import type { Draft } from '#events'
import type { Bus } from './bus.ts'

/** Whether a run has been handed over from the sync route to the async one. */
export type HandOverLookup = (key: { tenantId: string; runId: string }) => Promise<boolean>

/**
 * A bus that sends a handed-over run's events on the `async` route. Producers draft with the route
 * of their cause (`causedBy`), so a run that starts `sync` would stay sync; once the chat API stops
 * waiting and marks the run handed over (on its run item), every later `sync` draft of that run is
 * published `async` instead (ADR 0003). The mark never goes away, so positive answers are cached.
 */
export const handOverAware = (bus: Bus, isHandedOver: HandOverLookup, cacheSize = 10_000): Bus => {
  const handedOver = new Set<string>()
  const check = async ({ meta }: Draft): Promise<boolean> => {
    const key = `${meta.tenantId}#${meta.runId}`
    if (handedOver.has(key)) return true
    if (!(await isHandedOver(meta))) return false
    if (handedOver.size >= cacheSize) handedOver.clear()
    handedOver.add(key)
    return true
  }
  const route = async (draft: Draft): Promise<Draft> =>
    draft.meta.route === 'sync' && (await check(draft))
      ? { ...draft, meta: { ...draft.meta, route: 'async' } }
      : draft

  return {
    publish: async (drafts, options) => {
      const list: readonly Draft[] = Array.isArray(drafts) ? drafts : [drafts as Draft]
      return bus.publish(await Promise.all(list.map(route)), options)
    },
    subscribe: (listener) => bus.subscribe(listener),
  }
}
