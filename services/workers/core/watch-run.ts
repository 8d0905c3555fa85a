import { type Envelope, RunCancelRequested, RunCompleted, RunFailed } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { RunControl } from '#platform/store/index.ts'

/** Why a step stops unfinished: its run was cancelled, or ended otherwise. */
export type StopReason = 'cancelled' | 'ended'

export interface RunWatchDeps {
  bus: Bus
  control: Pick<RunControl, 'stopRequested'>
  logger: Logger
  /** How often the run record is read while a step runs (one consistent read each time). */
  pollMs: number
}

export interface RunWatch {
  /** Aborts once the run is cancelled or ended; its reason is the StopReason. */
  signal: AbortSignal
  /** Why the watch aborted, if it did. */
  reason(): StopReason | undefined
  /** Reads the run once now; aborts the signal if it must stop. */
  check(): Promise<StopReason | undefined>
  close(): void
}

const stopOf = (event: Envelope): StopReason | undefined => {
  if (RunCancelRequested.is(event)) return 'cancelled'
  if (RunFailed.is(event)) return event.data.reason.code === 'run.cancelled' ? 'cancelled' : 'ended'
  if (RunCompleted.is(event)) return 'ended'
  return undefined
}

/**
 * Watches a run while one of its steps works, on any runtime: the run record is read every
 * `pollMs` (a cancel stored by an API in another process, e.g. another Lambda), and events of
 * the run that pass on this process's bus (the embedded runtime's cancel) abort at once.
 */
export const watchRun = (
  { bus, control, logger, pollMs }: RunWatchDeps,
  key: { tenantId: string; runId: string },
): RunWatch => {
  const controller = new AbortController()
  let stopped: StopReason | undefined
  let timer: NodeJS.Timeout | undefined
  let closed = false
  const stop = (reason: StopReason) => {
    if (stopped) return
    stopped = reason
    controller.abort(reason)
  }
  const check = async () => {
    const reason = await control.stopRequested(key)
    if (reason) stop(reason)
    return stopped
  }
  const schedule = () => {
    if (closed || stopped) return
    timer = setTimeout(() => {
      check()
        .catch((error: unknown) => logger.warn('run watch: reading the run failed', { ...key, error }))
        .finally(schedule)
    }, pollMs)
    timer.unref()
  }
  const unsubscribe = bus.subscribe((event) => {
    if (event.meta.tenantId !== key.tenantId || event.meta.runId !== key.runId) return
    const reason = stopOf(event)
    if (reason) stop(reason)
  })
  schedule()
  return {
    signal: controller.signal,
    reason: () => stopped,
    check,
    close: () => {
      closed = true
      clearTimeout(timer)
      unsubscribe()
    },
  }
}
