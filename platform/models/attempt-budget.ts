import { describeFailure } from '#events'
import { ChorusError, isChorusError } from '../errors/index.ts'
import { awayFromSlot } from '../queue/delivery-slot.ts'
import type { ModelAttemptStore, ModelAttempts } from '../store/index.ts'
import { hashModelInput, type InvokeModel } from './invoke-model.ts'
import type { ModelProvider } from './provider.ts'

/** How many requests a model call may cost, and how long to wait between two of them (ADR 0014). */
export interface AttemptBudget {
  /** Requests one model call may cost in all: the retries here and the queue's redeliveries together. */
  maxAttempts: number
  /** Pause before the second request of a delivery; it doubles for each further one (with jitter). */
  backoffMs: number
  /** Longest `Retry-After` waited out within a delivery; a longer one is left to the queue. */
  maxWaitMs: number
}

export const DEFAULT_ATTEMPT_BUDGET: AttemptBudget = { maxAttempts: 4, backoffMs: 500, maxWaitMs: 20_000 }

export interface AttemptBudgetDeps {
  /** The provider the wrapped invoker uses: names the model, which is part of the call's identity. */
  models: ModelProvider
  attempts: ModelAttemptStore
  budget?: Partial<AttemptBudget>
  sleep?: (ms: number) => Promise<void>
}

/**
 * One attempt budget per model call, shared by the retries here and the queue's redeliveries: a model
 * call (run, step, model and input) may cost at most `maxAttempts` requests in all. Every failed
 * request is counted beside the run, so a redelivery, a restart or another container carries on with
 * what is left and a spent budget makes no request. Retryable failures are tried again after a backoff
 * (or the server's short `Retry-After`); a server asking for a longer wait is left to the queue. The
 * failure that spends the budget is final (`retryable: false`) and names its cause. Answers (also
 * unreadable ones) are not failures; aborted calls are not counted.
 */
export const withAttemptBudget = (invoke: InvokeModel, deps: AttemptBudgetDeps): InvokeModel => {
  const budget = { ...DEFAULT_ATTEMPT_BUDGET, ...deps.budget }
  // A back-off inside a delivery gives its queue slot to other runs meanwhile (embedded queue).
  const sleep =
    deps.sleep ??
    ((ms: number) => awayFromSlot(() => new Promise<void>((resolve) => setTimeout(resolve, ms))))
  return async (request) => {
    const { call, purpose, messages } = request
    const { info } = deps.models.chatModel(purpose)
    const key = {
      tenantId: call.tenantId,
      runId: call.runId,
      stepId: call.stepId,
      inputHash: hashModelInput(info.model, messages),
    }
    let state = await deps.attempts.get(key)
    for (let here = 0; ; here++) {
      if (state.final || state.failures >= budget.maxAttempts) throw spentError(state, budget)
      try {
        const answer = await invoke(request)
        if (state.failures > 0) await deps.attempts.clear(key)
        return answer
      } catch (error) {
        if (!isChorusError(error) || error.code !== 'model.failed') throw error
        state = await deps.attempts.fail(key, describeFailure(error), !error.retryable)
        if (!error.retryable) throw error
        if (state.failures >= budget.maxAttempts) throw spentError(state, budget, error)
        const wait = waitBefore(error.cause, here, budget)
        if (wait === 'queue') throw error
        await sleep(wait)
      }
    }
  }
}

/** The final error of a call whose budget is spent, naming the last failure. */
const spentError = (state: ModelAttempts, budget: AttemptBudget, cause?: unknown) =>
  new ChorusError(
    'model.failed',
    `${state.last?.message ?? 'the model call failed'} (gave up after ${state.failures} of ${budget.maxAttempts} attempts)`,
    { retryable: false, cause, details: { attempts: state.failures } },
  )

/** Milliseconds to wait before the next request, or `queue` when the server asks for a longer wait. */
const waitBefore = (cause: unknown, here: number, budget: AttemptBudget): number | 'queue' => {
  const hinted = retryAfterMs(cause)
  if (hinted !== undefined) return hinted <= budget.maxWaitMs ? hinted : 'queue'
  // A 429 without a hint: the server is at capacity for longer than a backoff (the queue waits longer).
  if ((cause as { status?: unknown } | null)?.status === 429) return 'queue'
  return budget.backoffMs * 2 ** here * (0.5 + Math.random() / 2)
}

/** The server's `retry-after-ms` or `retry-after` (seconds or an HTTP date), when it sent one. */
const retryAfterMs = (cause: unknown): number | undefined => {
  const headers = (cause as { headers?: unknown } | null)?.headers
  const header = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined
    const value = (headers as Record<string, unknown> | undefined)?.[name]
    return typeof value === 'string' ? value : undefined
  }
  const ms = Number(header('retry-after-ms') ?? Number.NaN)
  if (Number.isFinite(ms) && ms >= 0) return ms
  const after = header('retry-after')
  if (after === undefined) return undefined
  const seconds = Number(after)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const at = Date.parse(after)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}
