import type { Envelope } from '#events'
import type { ProjectionStore } from '#platform/store/index.ts'
import { type RunSummary, reduceRun } from './run-summary.ts'

/** The view a projection lives under: `live`, or `replay#<name>` for events re-delivered by a replay. */
export const viewOf = (event: Envelope) => (event.meta.replay ? `replay#${event.meta.replay}` : 'live')

/**
 * The projector: folds every event of a run into its summary. Live events build the `live`
 * view; replayed events build their replay's own view and never touch the live one.
 */
export const makeProjector = ({ projections }: { projections: ProjectionStore<RunSummary> }) => ({
  onEvent: async (event: Envelope): Promise<void> => {
    const { tenantId, runId, seq } = event.meta
    await projections.apply({ tenantId, runId, view: viewOf(event) }, seq, (summary) =>
      reduceRun(summary, event),
    )
  },
})

export type Projector = ReturnType<typeof makeProjector>
