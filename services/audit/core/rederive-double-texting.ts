import { type Envelope, RunCancelRequested, RunCompleted, RunFailed, RunRequested } from '#events'

/** Another run's parsed log, tenant-scoped by the caller; empty when the run has none. */
export type RunLogs = (runId: string) => Promise<readonly Envelope[]>

type Problem = { seq: number; problem: string }
type Request = Envelope<'RunRequested', ReturnType<typeof RunRequested.data.parse>>

/**
 * The double-texting decisions of a run, re-derived from its log and the logs of the runs they
 * name (ADR 0029): a request that met a chat's going run names a run of the same chat requested
 * before it; an `enqueue`d run starts only after that run's end; a stop `by` a later message
 * names a run of the same chat, requested before the stop, whose request applied that policy.
 */
export const rederiveDoubleTexting = async (
  events: readonly Envelope[],
  logs: RunLogs,
): Promise<Problem | undefined> => {
  const request = events.find((e): e is Request => RunRequested.is(e))
  const queued = request ? await checkRequest(events, request, logs) : undefined
  if (queued) return queued
  for (const event of events) {
    if (!RunCancelRequested.is(event) || !event.data.by) continue
    const problem = await checkStop(event, event.data.by, request, logs)
    if (problem) return { seq: event.meta.seq, problem }
  }
  return undefined
}

const checkRequest = async (
  events: readonly Envelope[],
  request: Request,
  logs: RunLogs,
): Promise<Problem | undefined> => {
  const decision = request.data.multitask
  if (!decision) return undefined
  const at = (problem: string, seq = request.meta.seq) => ({ seq, problem })
  const { policy, activeRunId } = decision
  if (activeRunId === request.meta.runId) return at(`the ${policy} decision names the run itself`)
  const before = await logs(activeRunId)
  const theirs = before.find((e): e is Request => RunRequested.is(e))
  if (!theirs) return at(`the ${policy} decision names run ${activeRunId}, which has no request in its log`)
  if (theirs.data.chatId !== request.data.chatId)
    return at(
      `the ${policy} decision names run ${activeRunId} of another chat (${theirs.data.chatId ?? 'none'})`,
    )
  if (theirs.meta.occurredAt > request.meta.occurredAt)
    return at(`the ${policy} decision names run ${activeRunId}, requested after this run`)
  if (policy !== 'enqueue') return undefined
  const started = events.find(
    (e) => e.meta.seq > request.meta.seq && !RunCancelRequested.is(e) && !RunFailed.is(e),
  )
  if (!started) return undefined
  const end = before.find((e) => RunCompleted.is(e) || RunFailed.is(e))
  if (!end)
    return at(`queued after run ${activeRunId}, started while that run had not ended`, started.meta.seq)
  if (end.meta.occurredAt > started.meta.occurredAt)
    return at(
      `queued after run ${activeRunId}, started at ${started.meta.occurredAt}, before that run ended at ${end.meta.occurredAt}`,
      started.meta.seq,
    )
  return undefined
}

const checkStop = async (
  stop: Envelope,
  by: { runId: string; policy: 'interrupt' | 'rollback' },
  request: Request | undefined,
  logs: RunLogs,
): Promise<string | undefined> => {
  const theirs = (await logs(by.runId)).find((e): e is Request => RunRequested.is(e))
  if (!theirs) return `stopped by run ${by.runId}, which has no request in its log`
  const applied = theirs.data.multitask
  if (applied?.policy !== by.policy)
    return `stopped by ${by.policy} of run ${by.runId}, whose request applied ${applied?.policy ?? 'no policy'}`
  if (request && theirs.data.chatId !== request.data.chatId)
    return `stopped by run ${by.runId} of another chat (${theirs.data.chatId ?? 'none'})`
  if (stop.meta.occurredAt < theirs.meta.occurredAt)
    return `stopped at ${stop.meta.occurredAt}, before run ${by.runId} was requested (${theirs.meta.occurredAt})`
  return undefined
}
