import { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { AIMessage, type BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import type { ModelProvider, ModelPurpose } from './provider.ts'

/** Answers a conversation: return the reply text, or throw to simulate a failing model. */
export type Script = (messages: BaseMessage[], purpose: ModelPurpose) => string | Promise<string>

/** A chat model whose answers come from a script; deterministic scenarios for tests and demos. */
export class ScriptedChatModel extends BaseChatModel {
  constructor(
    private readonly script: Script,
    private readonly purpose: ModelPurpose,
  ) {
    super({ maxRetries: 0 })
  }

  static override lc_name() {
    return 'ScriptedChatModel'
  }

  _llmType(): string {
    return 'chorus-scripted'
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const text = await this.script(messages, this.purpose)
    const usage = { input_tokens: 0, output_tokens: 0, total_tokens: 0 }
    return { generations: [{ text, message: new AIMessage({ content: text, usage_metadata: usage }) }] }
  }
}

/** A provider whose models follow `script`; reported as offline. */
export const makeScriptedProvider = (script: Script): ModelProvider => ({
  offline: true,
  label: 'scripted model (tests and demos)',
  chatModel: (purpose) => ({
    model: new ScriptedChatModel(script, purpose),
    info: { provider: 'scripted', model: 'chorus-scripted-1', offline: true },
  }),
})
