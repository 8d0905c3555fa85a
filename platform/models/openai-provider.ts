import { ChatOpenAI } from '@langchain/openai'
import { type ModelProvider, providerOf } from './provider.ts'

export interface OpenAIProviderOptions {
  apiKey: string
  /** Any OpenAI-compatible server (vLLM, Ollama, LM Studio…); OpenAI's own when absent. */
  baseUrl?: string
  models: { default: string; planner?: string; workers?: string }
  timeoutMs?: number
  /** Retries of failed calls (429, 5xx, network) with backoff, by the OpenAI client. */
  maxRetries?: number
}

/** Models from OpenAI or any OpenAI-compatible server, through `@langchain/openai`. */
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
        maxRetries: options.maxRetries ?? 3,
        ...(options.baseUrl ? { configuration: { baseURL: options.baseUrl } } : {}),
      }),
    withJson: (model, json) =>
      model.withConfig({
        response_format: {
          type: 'json_schema',
          json_schema: { name: json.name, schema: json.schema, strict: false },
        },
      } as never),
  })
