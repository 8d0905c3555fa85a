import { BaseChatModel, type BindToolsInput } from '@langchain/core/language_models/chat_models'
import { AIMessage, type BaseMessage, ToolMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { offlineToolCalls } from './offline-tools.ts'

/** Every offline answer starts with this label, so nobody mistakes it for a real model. */
export const OFFLINE_LABEL = '[offline model]'

const textOf = (message: BaseMessage): string => message.text

const estimateTokens = (text: string) => Math.ceil(text.length / 4)

/**
 * The offline answer to a message a service wrote for a JSON answer (the planner's prompt), or undefined when the
 * message is not one it knows. Given at composition, so this port knows no service's prompts.
 */
export type OfflineJsonAnswer = (message: string) => string | undefined

export interface OfflineChatModelFields {
  answerJson?: OfflineJsonAnswer
}

/**
 * A deterministic chat model for the embedded default and tests: answers a message `answerJson` knows with its
 * JSON (the planner's offline plan), answers a step by restating its task and the inputs it was given, and, with
 * tools bound, calls the ones its instruction plainly asks for (a URL → fetch, a file name → read).
 * Same messages in, same answer out; no network.
 */
export class OfflineChatModel extends BaseChatModel {
  private toolNames: string[] = []
  private readonly answerJson: OfflineJsonAnswer | undefined

  constructor(fields: OfflineChatModelFields = {}) {
    super({})
    this.answerJson = fields.answerJson
  }

  static override lc_name() {
    return 'OfflineChatModel'
  }

  _llmType(): string {
    return 'chorus-offline'
  }

  override bindTools(tools: BindToolsInput[]) {
    const bound = new OfflineChatModel({ ...(this.answerJson ? { answerJson: this.answerJson } : {}) })
    bound.toolNames = tools.flatMap((t) => {
      const fn = (t as { function?: { name?: string } }).function
      return fn?.name ? [fn.name] : []
    })
    return bound as never
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const last = messages.at(-1)
    const input = last ? textOf(last) : ''
    const json = this.answerJson?.(input)
    const toolResults = messages.filter((m): m is ToolMessage => m instanceof ToolMessage)
    const calls = json !== undefined || toolResults.length > 0 ? [] : offlineToolCalls(input, this.toolNames)
    const text =
      json !== undefined
        ? json
        : calls.length > 0
          ? ''
          : answer(messages.find((m) => m.type === 'human')?.text ?? input, toolResults)
    const usage = {
      input_tokens: messages.reduce((sum, m) => sum + estimateTokens(textOf(m)), 0),
      output_tokens: estimateTokens(text),
      total_tokens: 0,
    }
    usage.total_tokens = usage.input_tokens + usage.output_tokens
    const message = new AIMessage({ content: text, usage_metadata: usage, tool_calls: calls })
    return { generations: [{ text, message }] }
  }
}

/** Restates the prompt's task line and quotes its inputs and tool results, so a run's flow is visible. */
const answer = (prompt: string, toolResults: readonly ToolMessage[]): string => {
  const lines = prompt.split('\n').map((l) => l.trim())
  const task = lines.find((l) => /^task:/i.test(l))?.replace(/^task:\s*/i, '') ?? lines.find((l) => l) ?? ''
  const inputsAt = lines.findIndex((l) => /^inputs:?$/i.test(l))
  const inputs = inputsAt >= 0 ? lines.slice(inputsAt + 1).filter((l) => l && l !== '(none)') : []
  const body = inputs.length > 0 ? `Building on: ${inputs.join(' ')}` : 'No earlier inputs.'
  const tools = toolResults.map((t) => ` Tool ${t.name ?? 'result'}: ${t.text.slice(0, 500)}`).join('')
  return `${OFFLINE_LABEL} ${task}. ${body}${tools}`
}
