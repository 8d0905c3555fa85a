import { type Actor, type Envelope, newId, RunFailed, RunResumed } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import type { DeadLetterEntry, DeadLetterQuery, DeadLetters } from '#platform/queue/index.ts'
import type { EventLog, ModelAttemptStore, RunResumptions, RunStore } from '#platform/store/index.ts'
import { ApiError } from './api-error.ts'

export interface DeadLetterDeps {
  deadLetters: DeadLetters
  runs: Pick<RunStore, 'getRun' | 'listSteps'>
  log: Pick<EventLog, 'list'>
  resumptions: Pick<RunResumptions, 'resume'>
  attempts: Pick<ModelAttemptStore, 'clearRun'>
  bus: Bus
}

/** What a redrive did to the letter's run, in words a person reads in the answer and the CLI. */
export interface RunAfterRedrive {
  runId: string
  /** `resumed`: the run had failed only because of this letter and goes on; `unchanged`: see `note`. */
  effect: 'resumed' | 'unchanged'
  /** The run's status right after the redrive (`running` once resumed). */
  status: string
  note: string
}

const notFound = (id: string) => new ApiError('deadLetter.notFound', `dead letter ${id} not found`)

/**
 * Whether redriving `letter` can resume its run, and if not, why the run stays as it is. A run is
 * resumed only when it failed because of this letter (its RunFailed was caused by the letter's
 * event) and no step of it failed meanwhile.
 */
const planFor = async (
  { runs, log }: Pick<DeadLetterDeps, 'runs' | 'log'>,
  letter: DeadLetterEntry,
): Promise<{ resume: string } | { note: string; status: string }> => {
  const { tenantId, runId, eventId } = letter.event.meta
  if (letter.consumer === 'projector' || letter.event.meta.replay)
    return { status: '-', note: "the projector folds the event into the run's view; the run is not affected" }
  const run = await runs.getRun(tenantId, runId)
  if (!run) return { status: '-', note: 'the run no longer exists' }
  if (run.status !== 'failed')
    return {
      status: run.status,
      note:
        run.status === 'completed'
          ? 'the run had completed: the message is handled again only if it never was (once per event id)'
          : 'the run is still going: the message is delivered again',
    }
  const terminal = (await log.list(tenantId, runId)).find((e) => e.meta.eventId === run.terminalEventId)
  if (!terminal || !RunFailed.is(terminal) || terminal.meta.causationId !== eventId)
    return {
      status: 'failed',
      note: `the run failed for another reason (${run.failure?.code ?? 'unknown'}) and stays failed; the message finds it ended`,
    }
  const failed = (await runs.listSteps(tenantId, runId)).find((s) => s.status === 'failed')
  if (failed)
    return {
      status: 'failed',
      note: `step ${failed.stepId} failed meanwhile (${failed.error?.code ?? 'unknown'}), so the run stays failed`,
    }
  return { resume: terminal.meta.eventId }
}

/** Dead letters as people handle them (ADR 0017): list, read, redrive, discard, per tenant. */
export const makeDeadLetterService = (deps: DeadLetterDeps) => {
  const { deadLetters, resumptions, attempts, bus } = deps

  /** Resumes the run (once, under the resumption's id), so the redriven message finds it going. */
  const resume = async (letter: DeadLetterEntry, failedEventId: string, actor: Actor) => {
    const { tenantId, runId, eventId, name } = letter.event.meta
    const resumption = await resumptions.resume(
      { tenantId, runId },
      { failedEventId, resumeEventId: newId(), deadLetteredEventId: eventId },
    )
    const draft = RunResumed.draft(
      { failedEventId, redriven: { eventId, name, consumer: letter.consumer } },
      {
        tenantId,
        runId,
        correlationId: runId,
        causationId: eventId,
        route: 'async',
        actor,
        eventId: resumption.resumeEventId,
      },
    )
    await bus.publish(draft)
  }

  return {
    list: (tenantId: string, query: DeadLetterQuery) => deadLetters.list(tenantId, query),

    get: async (tenantId: string, id: string) => {
      const letter = await deadLetters.get(tenantId, id)
      if (!letter) throw notFound(id)
      return letter
    },

    /**
     * Puts the message back on its queue. A run the letter had failed is resumed first (RunResumed,
     * the run `running` again), and its spent model budgets are forgotten, so the redriven delivery
     * gets a whole budget (ADR 0014). Any other run is left as it is; the answer says which.
     */
    redrive: async (tenantId: string, id: string, actor: Actor) => {
      const letter = await deadLetters.get(tenantId, id)
      if (!letter) throw notFound(id)
      const plan = await planFor(deps, letter)
      const { runId } = letter.event.meta
      const goesOn = 'resume' in plan || plan.status === 'running' || plan.status === 'requested'
      if (goesOn) await attempts.clearRun(tenantId, runId)
      if ('resume' in plan) await resume(letter, plan.resume, actor)
      const redriven = await deadLetters.redrive(tenantId, id)
      if (!redriven) throw notFound(id)
      const run: RunAfterRedrive =
        'resume' in plan
          ? { runId, effect: 'resumed', status: 'running', note: 'the run goes on from where it stopped' }
          : { runId, effect: 'unchanged', status: plan.status, note: plan.note }
      return { letter: redriven, run }
    },

    discard: async (tenantId: string, id: string) => {
      const letter = await deadLetters.discard(tenantId, id)
      if (!letter) throw notFound(id)
      return letter
    },
  }
}

export type DeadLetterService = ReturnType<typeof makeDeadLetterService>

/** A letter as the list shows it: what, why, how often, when; the event itself only in `detail`. */
export const summaryOf = (letter: DeadLetterEntry) => ({
  id: letter.id,
  consumer: letter.consumer,
  runId: letter.event.meta.runId,
  eventName: letter.event.meta.name,
  eventId: letter.event.meta.eventId,
  reason: letter.reason,
  receives: letter.receives,
  at: letter.at,
})

export const detailOf = (letter: DeadLetterEntry): ReturnType<typeof summaryOf> & { event: Envelope } => ({
  ...summaryOf(letter),
  event: letter.event,
})
