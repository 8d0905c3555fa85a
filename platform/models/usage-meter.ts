import { AsyncLocalStorage } from 'node:async_hooks'

/** Tokens a model server reported for the requests of one model call. */
export interface TokenUsage {
  inputTokens: number
  outputTokens: number
  totalTokens: number
}

const meters = new AsyncLocalStorage<TokenUsage>()

/**
 * Reads the `usage` every chat-completion response reports, for the model call in whose scope the
 * request was made (`meterUsage`), before the client looks at the answer. So the tokens a server
 * charged are known even when the client then rejects its answer (a cut-off or unparsable one).
 */
export const meteredFetch =
  (inner: typeof fetch = fetch): typeof fetch =>
  async (input, init) => {
    const response = await inner(input, init)
    const meter = meters.getStore()
    if (meter && response.ok && response.headers.get('content-type')?.includes('json')) {
      const usage = await response
        .clone()
        .json()
        .then((body: unknown) => (body as { usage?: Record<string, unknown> } | null)?.usage)
        .catch(() => undefined)
      const count = (value: unknown) => (typeof value === 'number' && value > 0 ? value : 0)
      meter.inputTokens += count(usage?.prompt_tokens)
      meter.outputTokens += count(usage?.completion_tokens)
      meter.totalTokens += count(usage?.total_tokens)
    }
    return response
  }

/** Runs `work` (one model call) with a fresh meter; `usage` is what the server reported so far. */
export const meterUsage = () => {
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 }
  return { usage, run: <T>(work: () => Promise<T>): Promise<T> => meters.run(usage, work) }
}
