import { BaseChatModel, type BindToolsInput } from '@langchain/core/language_models/chat_models'
import { AIMessage, type BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { bindModelTools, type ModelProvider, type ModelPurpose } from './provider.ts'

/** What a script answers: text, or tool calls. */
export type ScriptReply = string | { toolCalls: { name: string; args: Record<string, unknown> }[] }

/** Answers a conversation: return the reply, or throw to simulate a failing model. */
export type Script = (
  messages: BaseMessage[],
  purpose: ModelPurpose & { tools: string[] },
) => ScriptReply | Promise<ScriptReply>

/** A chat model whose answers come from a script; deterministic scenarios for tests and demos. */
export class ScriptedChatModel extends BaseChatModel {
  constructor(
    private readonly script: Script,
    private readonly purpose: ModelPurpose,
    private readonly tools: string[] = [],
  ) {
    super({ maxRetries: 0 })
  }

  override bindTools(tools: BindToolsInput[]) {
    const names = tools.flatMap((t) => {
      const fn = (t as { function?: { name?: string } }).function
      return fn?.name ? [fn.name] : []
    })
    return new ScriptedChatModel(this.script, this.purpose, names) as never
  }

  static override lc_name() {
    return 'ScriptedChatModel'
  }

  _llmType(): string {
    return 'chorus-scripted'
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const reply = await this.script(messages, { ...this.purpose, tools: this.tools })
    const usage = { input_tokens: 0, output_tokens: 0, total_tokens: 0 }
    const text = typeof reply === 'string' ? reply : ''
    const tool_calls =
      typeof reply === 'string'
        ? []
        : reply.toolCalls.map((c, i) => ({ id: `scripted_${i}`, name: c.name, args: c.args }))
    return {
      generations: [{ text, message: new AIMessage({ content: text, usage_metadata: usage, tool_calls }) }],
    }
  }
}

/** A provider whose models follow `script`; reported as offline. */
export const makeScriptedProvider = (script: Script): ModelProvider => ({
  offline: true,
  label: 'scripted model (tests and demos)',
  chatModel: (purpose, options = {}) => {
    const model = new ScriptedChatModel(script, purpose)
    return {
      model: options.tools?.length ? bindModelTools(model, options.tools) : model,
      info: { provider: 'scripted', model: 'chorus-scripted-1', offline: true },
    }
  },
})
