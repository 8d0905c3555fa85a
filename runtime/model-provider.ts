import { type ModelProvider, makeOfflineProvider, makeOpenAIProvider } from '#platform/models/index.ts'
import { answerPlanningPromptOffline } from '#services/planner/index.ts'
import type { Config } from './local/config.ts'

/**
 * A real model when one is configured (an API key, or a base URL of an OpenAI-compatible
 * server, which often needs no key), the offline model otherwise, planning with the planner's offline planner.
 */
export const makeModelProvider = (config: Config): ModelProvider => {
  const { apiKey, baseUrl } = config.openai
  if (!apiKey && !baseUrl) return makeOfflineProvider({ answerJson: answerPlanningPromptOffline })
  return makeOpenAIProvider({
    apiKey: apiKey ?? 'not-needed',
    ...(baseUrl ? { baseUrl } : {}),
    models: config.models,
    timeoutMs: config.models.timeoutMs,
  })
}
