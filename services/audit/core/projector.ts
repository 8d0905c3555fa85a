import type { Envelope } from '#events'
import { ChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { EventLog } from '#platform/store/index.ts'
import type { Projection, ProjectionKey, ProjectionStore } from '../store/projection-store.ts'
import { emptySummary, type RunSummary, reduceRun } from './run-summary.ts'

/** The view a projection lives under: `live`, or `replay#<name>` for events re-delivered by a replay. */
export const viewOf = (event: Envelope) => (event.meta.replay ? `replay#${event.meta.replay}` : 'live')

/** Writers advancing one view at the same moment: read it again this often before giving way to the queue. */
const MAX_RACES = 8

export interface ProjectorDeps {
  projections: ProjectionStore<RunSummary>
  /** The run's log, the source of truth: gap-free by seq, read only when an event arrives early. */
  log: Pick<EventLog, 'list'>
  logger: Logger
}

/**
 * The projector: folds every event of a run into its summary, in seq order whatever the order of
 * arrival. The next seq is applied as delivered (one read, one write); an event that arrives early
 * folds the missing events from the run's log, up to the log's end (live) or up to itself (a
 * replay, whose view holds what the replay delivered); an old seq or a duplicate changes nothing.
 * Every write is conditional on the seq it was folded from. Live events build the `live` view;
 * replayed ones build their replay's own view and never touch the live one.
 */
export const makeProjector = ({ projections, log, logger }: ProjectorDeps) => {
  /** The fold of the log after `current`, when the event at `seq` came before those it follows. */
  const catchUp = async (key: ProjectionKey, current: Projection<RunSummary>, event: Envelope) => {
    const { seq, replay } = event.meta
    const logged = await log.list(key.tenantId, key.runId, { afterSeq: current.lastSeq })
    let next = current
    for (const e of logged) {
      if (e.meta.seq !== next.lastSeq + 1 || (replay && e.meta.seq > seq)) break
      next = { state: reduceRun(next.state, e), lastSeq: e.meta.seq }
    }
    return next
  }

  return {
    onEvent: async (event: Envelope): Promise<void> => {
      const { tenantId, runId, seq } = event.meta
      const key = { tenantId, runId, view: viewOf(event) }
      for (let race = 0; race < MAX_RACES; race++) {
        const current = (await projections.get(key)) ?? { state: emptySummary(runId), lastSeq: 0 }
        if (seq <= current.lastSeq) return // a duplicate, or folded already from the log
        const next =
          seq === current.lastSeq + 1
            ? { state: reduceRun(current.state, event), lastSeq: seq }
            : await catchUp(key, current, event)
        const written =
          next.lastSeq > current.lastSeq && (await projections.advance(key, current.lastSeq, next))
        if (written === 'moved') continue
        if (next.lastSeq >= seq) return
        // The log itself lacks a seq before this event: no delivery will fill it (a deleted or
        // tampered log). The view stays at the last contiguous seq; the queue retries a bounded
        // number of times, then dead-letters the event and the runtime logs that it gave up.
        logger.error('projection: the run log lacks events before a delivered one', {
          ...key,
          seq,
          lastContiguousSeq: next.lastSeq,
        })
        throw new ChorusError(
          'projection.gap',
          `view ${key.view} of run ${runId} stops at seq ${next.lastSeq}: the log has no seq ${next.lastSeq + 1}, event ${seq} waits`,
          { retryable: true },
        )
      }
      throw new ChorusError(
        'store.conflict',
        `view ${key.view} of run ${runId} kept moving under this event`,
        {
          retryable: true,
        },
      )
    },
  }
}

export type Projector = ReturnType<typeof makeProjector>
