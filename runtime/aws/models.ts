import { type ModelProvider, makeOfflineProvider, makeOpenAIProvider } from '#platform/models/index.ts'
import type { SecretStore } from '#platform/secrets/index.ts'
import { answerPlanningPromptOffline } from '#services/planner/index.ts'
import type { AwsConfig } from './config.ts'

/** A provider plus `refresh()`, which entry points call per invocation so a rotated key is picked up. */
export interface RefreshingModels {
  provider: ModelProvider
  refresh(): Promise<void>
}

/** A fixed provider (offline, scripted in tests): nothing to refresh. */
export const fixedModels = (provider: ModelProvider): RefreshingModels => ({
  provider,
  refresh: async () => {},
})

/**
 * The models of the AWS runtime: OpenAI-compatible with the key from Secrets Manager when
 * `CHORUS_OPENAI_SECRET_ID` is set, otherwise the offline model (planning with the planner's offline planner). The key is read through the secret
 * store's TTL cache on every `refresh()`; when it changed (rotation) the models are rebuilt, with no
 * redeploy and no cold start.
 */
export const makeAwsModels = async (config: AwsConfig, secrets: SecretStore): Promise<RefreshingModels> => {
  const openai = config.openai
  if (!openai) return fixedModels(makeOfflineProvider({ answerJson: answerPlanningPromptOffline }))
  const build = (apiKey: string) =>
    makeOpenAIProvider({
      apiKey,
      models: { default: openai.model },
      ...(openai.baseUrl ? { baseUrl: openai.baseUrl } : {}),
    })
  let key = await secrets.get(openai.secretId)
  let current = build(key)
  const provider: ModelProvider = {
    offline: false,
    get label() {
      return current.label
    },
    chatModel: (purpose, options) => current.chatModel(purpose, options),
  }
  return {
    provider,
    refresh: async () => {
      const next = await secrets.get(openai.secretId)
      if (next === key) return
      key = next
      current = build(next)
    },
  }
}
