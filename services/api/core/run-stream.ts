import { type Envelope, RunCompleted, RunFailed, RunResumed } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import type { EventLog } from '#platform/store/index.ts'

export interface RunStreamDeps {
  log: EventLog
  bus: Bus
  /** How often the log is read again without a nudge from the bus (events from other processes). */
  pollMs?: number
  /** Quiet time after which a heartbeat is sent, so proxies keep the connection open. */
  heartbeatMs?: number
}

export type StreamItem = { kind: 'event'; event: Envelope } | { kind: 'heartbeat' }

const isEnd = (event: Envelope) => RunCompleted.is(event) || RunFailed.is(event)

/** The seq the run ended at: its last RunCompleted/RunFailed, unless a RunResumed came after it. */
const endOf = (events: readonly Envelope[]): number | undefined => {
  const last = events.findLast((e) => isEnd(e) || RunResumed.is(e))
  return last && isEnd(last) ? last.meta.seq : undefined
}

/** A wake-up flag: `notify` sets it, `wait` returns at once when set, else on notify, timeout or abort. */
const makeSignal = () => {
  let pending = false
  let wake: (() => void) | undefined
  return {
    notify: () => {
      pending = true
      wake?.()
    },
    wait: (ms: number, abort: AbortSignal) =>
      new Promise<boolean>((resolve) => {
        if (pending || abort.aborted) {
          pending = false
          return resolve(true)
        }
        const finish = (woken: boolean) => {
          clearTimeout(timer)
          abort.removeEventListener('abort', onAbort)
          wake = undefined
          pending = false
          resolve(woken)
        }
        const onAbort = () => finish(true)
        const timer = setTimeout(() => finish(false), ms)
        wake = () => finish(true)
        abort.addEventListener('abort', onAbort)
      }),
  }
}

/**
 * A run's events in `seq` order from `after` on: first the log as stored, then each new event
 * as it is appended, until RunCompleted/RunFailed (or `abort`); a RunFailed a RunResumed followed
 * (a redriven dead letter) is passed on, not the end. The log is the source of truth:
 * the bus only says when to read it again, so nothing is missed or repeated across the switch.
 * Where no bus event reaches this process (a Lambda function on AWS), it reads the log's tail every
 * `pollMs`.
 */
export async function* followRun(
  { log, bus, pollMs = 1000, heartbeatMs = 15_000 }: RunStreamDeps,
  target: { tenantId: string; runId: string; after: number; abort: AbortSignal },
): AsyncGenerator<StreamItem> {
  const { tenantId, runId, abort } = target
  const signal = makeSignal()
  const unsubscribe = bus.subscribe((event) => {
    if (event.meta.tenantId === tenantId && event.meta.runId === runId) signal.notify()
  })
  try {
    let last = target.after
    let quietMs = 0
    let reads = 0
    while (!abort.aborted) {
      // The first read takes the whole log (a resume after the end must see that end); later ones
      // only its tail after the last event sent, so an idle poll reads no event twice.
      const events = await log.list(tenantId, runId, reads++ === 0 ? {} : { afterSeq: last })
      const end = endOf(events)
      if (end !== undefined && end <= last) return
      for (const event of events.filter((e) => e.meta.seq > last)) {
        yield { kind: 'event', event }
        last = event.meta.seq
        quietMs = 0
        if (event.meta.seq === end) return
      }
      const woken = await signal.wait(pollMs, abort)
      quietMs = woken ? 0 : quietMs + pollMs
      if (quietMs >= heartbeatMs) {
        quietMs = 0
        yield { kind: 'heartbeat' }
      }
    }
  } finally {
    unsubscribe()
  }
}

/** One item as a server-sent-events frame: `id` is the event's seq, so `Last-Event-ID` resumes after it. */
export const sseFrame = (item: StreamItem): string =>
  item.kind === 'heartbeat'
    ? ': keep-alive\n\n'
    : `id: ${item.event.meta.seq}\nevent: ${item.event.meta.name}\ndata: ${JSON.stringify(item.event)}\n\n`
