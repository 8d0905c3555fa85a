import { ChatOpenAI } from '@langchain/openai'
import { type JsonAnswer, type ModelProvider, providerOf } from './provider.ts'
import { meteredFetch } from './usage-meter.ts'

export interface OpenAIProviderOptions {
  apiKey: string
  /** Any OpenAI-compatible server (vLLM, Ollama, LM Studio…); OpenAI's own when absent. */
  baseUrl?: string
  models: { default: string; planner?: string; workers?: string }
  timeoutMs?: number
}

/**
 * A JSON-schema response format whose answer the OpenAI SDK parses leniently: an answer that is not
 * JSON comes back as text, with its usage, for the caller to judge (the planner's repair round),
 * instead of being thrown away inside the client. `$parseRaw` is the SDK's hook for structured-output
 * parsers (as its `zodResponseFormat` sets it); non-enumerable, so it is never sent.
 */
export const lenientJsonFormat = (json: JsonAnswer) =>
  Object.defineProperties(
    { type: 'json_schema' as const, json_schema: { name: json.name, schema: json.schema, strict: false } },
    {
      $brand: { value: 'auto-parseable-response-format', enumerable: false },
      $parseRaw: {
        value: (content: string): unknown => {
          try {
            return JSON.parse(content)
          } catch {
            return null
          }
        },
        enumerable: false,
      },
    },
  )

/**
 * Models from OpenAI or any OpenAI-compatible server, through `@langchain/openai`. The client makes
 * one request per call (no retries of its own): retries belong to the attempt budget of the model
 * invoker, which counts every request (ADR 0014). The usage of every response is metered.
 */
export const makeOpenAIProvider = (options: OpenAIProviderOptions): ModelProvider =>
  providerOf({
    offline: false,
    label: `OpenAI-compatible: ${options.models.default} at ${options.baseUrl ?? 'api.openai.com'}`,
    provider: 'openai',
    modelFor: (purpose) => purpose.model ?? options.models[purpose.service] ?? options.models.default,
    build: (name) =>
      new ChatOpenAI({
        model: name,
        apiKey: options.apiKey,
        timeout: options.timeoutMs ?? 60_000,
        maxRetries: 0,
        configuration: {
          fetch: meteredFetch(),
          ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
        },
      }),
    withJson: (model, json) => model.withConfig({ response_format: lenientJsonFormat(json) } as never),
  })
