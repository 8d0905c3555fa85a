import {
  type Consumer,
  describeFailure,
  type Envelope,
  type Failure,
  RunCompleted,
  RunFailed,
  TaskQueued,
  upcastEvent,
} from '#events'
import type { Logger } from '#platform/log/index.ts'
import type { Idempotency, TransactItem } from '#platform/store/index.ts'
import { handledUnderLease } from '#services/supervisor/index.ts'

/** A consumer's handler; the supervisor's and the workers' commit their done record with their own writes. */
type Handle = (event: Envelope) => Promise<void>
type HandleWithDone = (event: Envelope, done: TransactItem) => Promise<void>

export interface DeliveryPipelineDeps {
  logger: Logger
  idempotency: Pick<Idempotency, 'once' | 'isDone' | 'doneWrite'>
  /** Every consumer's handler. */
  consumers: Record<Consumer, Handle>
  /** The supervisor's handler for the events it handles under the run lease (its done record goes with the release). */
  supervise: HandleWithDone
  /** The workers' handler of a task (its done record goes with the step's outcome). */
  work: HandleWithDone
  /** A replay's view of a run: folds a replayed event into it. */
  project: Handle
  /** Whether the replay that marked an event covers its run. */
  replayCovers: (event: Envelope) => Promise<boolean>
  /** Ends the run of a message its queue gave up on, with the reason. */
  failRun: (event: Envelope, consumer: string, reason: Failure) => Promise<void>
}

/**
 * What happens to one delivery of an event to a consumer, the same on every runtime (the queues
 * around it differ: the embedded queue, or SQS): an older version is upcast; a replayed event reaches
 * only the projector, and only for the runs its replay covers; a live event reaches the projector only
 * when it ends a run; every other delivery runs at most once per event id (and replay), its done record
 * committed with the handler's own writes where the handler commits in one transaction.
 */
export const makeDeliveryPipeline = (deps: DeliveryPipelineDeps) => {
  const { logger, idempotency, consumers } = deps
  return {
    consume: async (consumer: Consumer, delivered: Envelope): Promise<void> => {
      const event = upcastEvent(delivered)
      const { replay, eventId, tenantId } = event.meta
      if (replay && consumer !== 'projector') {
        logger.debug('replay: side effects suppressed', { consumer, eventId, replay })
        return
      }
      if (consumer === 'projector') {
        // A replay builds its own view; the projector folds by seq, so a duplicate changes nothing and
        // needs no idempotency record. A live event has nothing to fold: the live view is the fold of
        // the run's log, read when it is asked for (ADR 0022). Only a run's end has work (its anchor).
        // EventBridge replays the whole window: only the runs the replay covers are folded.
        if (replay) return (await deps.replayCovers(event)) ? deps.project(event) : undefined
        if (!endsRun(event)) return
      }
      const key = { tenantId, consumer, eventId: replay ? `${eventId}#replay#${replay}` : eventId }
      // The run lease serialises the supervisor's deliveries: its done record goes with the release.
      if (consumer === 'supervisor' && handledUnderLease(event))
        return deps.supervise(event, idempotency.doneWrite(key))
      // A step's claim keeps duplicate tasks apart: the done record goes with the step's outcome.
      if (consumer === 'workers' && TaskQueued.is(event)) return deps.work(event, idempotency.doneWrite(key))
      await idempotency.once(key, () => consumers[consumer](event))
    },

    /** A delivery its queue gave up on: ends the run with the reason (a read model is rebuilt instead). */
    deadLettered: async (consumer: Consumer, event: Envelope, reason: Failure) => {
      if (consumer === 'projector' || event.meta.replay) {
        logger.error('projection gave up on an event', {
          runId: event.meta.runId,
          eventId: event.meta.eventId,
          reason,
        })
        return
      }
      // A delivery can fail after an earlier one committed (a duplicate that met trouble): the
      // event was handled, and its run must not be failed for it.
      const { tenantId, eventId } = event.meta
      if (await idempotency.isDone({ tenantId, consumer, eventId })) {
        logger.warn('dead letter of an event already handled: run left as it is', {
          consumer,
          runId: event.meta.runId,
          eventId,
          reason,
        })
        return
      }
      await deps.failRun(event, consumer, describeFailure(reason))
    },
  }
}

/** Whether an event is the end of its run. */
export const endsRun = (event: Envelope) => RunCompleted.is(event) || RunFailed.is(event)

/** Names of the events that end a run, of any version. */
const RUN_ENDS: ReadonlySet<string> = new Set([RunCompleted.name, RunFailed.name])

/**
 * Whether a live delivery of an event to a consumer has anything to do: the projector acts on a live
 * event only when it ends a run (see `consume`), so a runtime that routes in process may leave its
 * other live deliveries unqueued (no stored message, no handler call). Replays always have work.
 */
export const deliveryHasWork = (consumer: Consumer, event: Envelope): boolean =>
  consumer !== 'projector' || event.meta.replay !== undefined || RUN_ENDS.has(event.meta.name)
