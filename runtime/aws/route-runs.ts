import { type Draft, type Route, RunRequested } from '#events'
import type { Bus } from '#platform/bus/index.ts'

/**
 * A bus that publishes every `RunRequested` on `route`, whatever its producer drafted; everything
 * else passes unchanged (later events inherit the route through `causedBy`). It lets a deployment
 * run API-started runs through the queues (`CHORUS_API_ROUTE=async`) while the chat service only
 * knows the sync route. Remove it once the chat service takes its route as a dependency.
 */
export const routeRunsAs = (bus: Bus, route: Route): Bus => {
  const reroute = (draft: Draft): Draft =>
    draft.meta.name === RunRequested.name ? { ...draft, meta: { ...draft.meta, route } } : draft
  return {
    publish: (drafts, options) =>
      bus.publish(
        Array.isArray(drafts) ? (drafts as readonly Draft[]).map(reroute) : reroute(drafts as Draft),
        options,
      ),
    subscribe: (listener) => bus.subscribe(listener),
  }
}
