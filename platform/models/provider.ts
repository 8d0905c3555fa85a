import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { ModelInfo } from '#events'
import { OfflineChatModel } from './offline/offline-chat-model.ts'

/** Which part of Chorus asks for a model; lets a provider pick a model per service or team. */
export interface ModelPurpose {
  service: 'planner' | 'workers'
  team?: string
}

/** The port services get models from: LangChain chat models plus a description for the record. */
export interface ModelProvider {
  chatModel(purpose: ModelPurpose): { model: BaseChatModel; info: ModelInfo }
  /** True when answers do not come from a real model. */
  readonly offline: boolean
}

/** The deterministic offline provider, used when no model key is configured. */
export const makeOfflineProvider = (): ModelProvider => {
  const model = new OfflineChatModel({})
  const info: ModelInfo = { provider: 'offline', model: 'chorus-offline-1', offline: true }
  return { offline: true, chatModel: () => ({ model, info }) }
}
