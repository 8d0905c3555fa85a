import type { BaseLanguageModelInput } from '@langchain/core/language_models/base'
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { AIMessageChunk } from '@langchain/core/messages'
import type { Runnable } from '@langchain/core/runnables'
import type { ModelInfo } from '#events'
import { OfflineChatModel, type OfflineJsonAnswer } from './offline/offline-chat-model.ts'

/** Which part of Chorus asks for a model, and the model a team asked for, if any. */
export interface ModelPurpose {
  service: 'planner' | 'workers'
  team?: string
  /** A model name chosen by the team definition; overrides the service default. */
  model?: string
}

/** Asks for a JSON answer following this schema (OpenAI `response_format: json_schema`). */
export interface JsonAnswer {
  name: string
  schema: Record<string, unknown>
}

export type ChatRunnable = Runnable<BaseLanguageModelInput, AIMessageChunk>

/** A tool offered to the model as a function (names use `[A-Za-z0-9_-]` only). */
export interface ModelTool {
  name: string
  description: string
  parameters: Record<string, unknown>
}

/** Options of one model request: a JSON-schema answer, or tools the model may call. */
export interface ChatOptions {
  json?: JsonAnswer
  tools?: readonly ModelTool[]
}

/** Offers tools to any chat model that can bind them (OpenAI function format). */
export const bindModelTools = (model: BaseChatModel, tools: readonly ModelTool[]): ChatRunnable => {
  if (!model.bindTools) throw new Error(`${model._llmType()} cannot call tools`)
  return model.bindTools(
    tools.map((t) => ({
      type: 'function' as const,
      function: { name: t.name, description: t.description, parameters: t.parameters },
    })),
  ) as ChatRunnable
}

/** The port services get models from: LangChain chat models plus what to record about them. */
export interface ModelProvider {
  /** True when answers do not come from a real model. */
  readonly offline: boolean
  /** One line for the start banner. */
  readonly label: string
  chatModel(purpose: ModelPurpose, options?: ChatOptions): { model: ChatRunnable; info: ModelInfo }
}

/** Wraps one LangChain chat model per name into a provider. */
export const providerOf = (input: {
  offline: boolean
  label: string
  provider: string
  modelFor: (purpose: ModelPurpose) => string
  build: (name: string) => BaseChatModel
  withJson?: (model: BaseChatModel, json: JsonAnswer) => ChatRunnable
}): ModelProvider => {
  const cache = new Map<string, BaseChatModel>()
  return {
    offline: input.offline,
    label: input.label,
    chatModel: (purpose, options = {}) => {
      const name = input.modelFor(purpose)
      const model = cache.get(name) ?? input.build(name)
      cache.set(name, model)
      const runnable =
        options.tools && options.tools.length > 0
          ? bindModelTools(model, options.tools)
          : options.json && input.withJson
            ? input.withJson(model, options.json)
            : model
      return {
        model: runnable as ChatRunnable,
        info: { provider: input.provider, model: name, offline: input.offline },
      }
    },
  }
}

/**
 * The deterministic offline provider, used when no model is configured; `answerJson` answers the prompts a service
 * wants JSON for (the runtimes pass the planner's offline planner).
 */
export const makeOfflineProvider = (options: { answerJson?: OfflineJsonAnswer } = {}): ModelProvider =>
  providerOf({
    offline: true,
    label: 'OFFLINE model (deterministic, no network); set OPENAI_API_KEY or OPENAI_BASE_URL for a real one',
    provider: 'offline',
    modelFor: () => 'chorus-offline-1',
    build: () => new OfflineChatModel(options),
  })
