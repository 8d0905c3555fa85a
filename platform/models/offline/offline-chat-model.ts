import { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { AIMessage, type BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { readPlanningPrompt } from '../planning-prompt.ts'
import { offlinePlan } from './offline-planner.ts'

/** Every offline answer starts with this label, so nobody mistakes it for a real model. */
export const OFFLINE_LABEL = '[offline model]'

const textOf = (message: BaseMessage): string =>
  typeof message.content === 'string'
    ? message.content
    : message.content
        .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
        .join('')

const estimateTokens = (text: string) => Math.ceil(text.length / 4)

/**
 * A deterministic chat model for the embedded default and tests: plans from team
 * descriptions, and answers a step by restating its task and the inputs it was given.
 * Same messages in, same answer out; no network.
 */
export class OfflineChatModel extends BaseChatModel {
  static override lc_name() {
    return 'OfflineChatModel'
  }

  _llmType(): string {
    return 'chorus-offline'
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const last = messages.at(-1)
    const input = last ? textOf(last) : ''
    const planning = readPlanningPrompt(input)
    const text = planning ? JSON.stringify(offlinePlan(planning)) : answer(input)
    const usage = {
      input_tokens: messages.reduce((sum, m) => sum + estimateTokens(textOf(m)), 0),
      output_tokens: estimateTokens(text),
      total_tokens: 0,
    }
    usage.total_tokens = usage.input_tokens + usage.output_tokens
    return { generations: [{ text, message: new AIMessage({ content: text, usage_metadata: usage }) }] }
  }
}

/** Restates the prompt's task line and quotes its inputs, so a chain's flow is visible. */
const answer = (prompt: string): string => {
  const lines = prompt.split('\n').map((l) => l.trim())
  const task = lines.find((l) => /^task:/i.test(l))?.replace(/^task:\s*/i, '') ?? lines.find((l) => l) ?? ''
  const inputsAt = lines.findIndex((l) => /^inputs:?$/i.test(l))
  const inputs = inputsAt >= 0 ? lines.slice(inputsAt + 1).filter((l) => l && l !== '(none)') : []
  const body = inputs.length > 0 ? `Building on: ${inputs.join(' ')}` : 'No earlier inputs.'
  return `${OFFLINE_LABEL} ${task}. ${body}`
}
