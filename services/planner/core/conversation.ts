import type { ChatMessageRecord, ChatStore, RunStore } from '#platform/store/index.ts'

/** A chat's earlier turns as the planner sends them: the last few whole, the older ones in one line. */
export interface ConversationWindow {
  /** The older turns read, in one short deterministic line (no model call). */
  earlier?: string
  /** The last turns, oldest first: what the user asked and what the run answered. */
  turns: { request: string; answer?: string }[]
}

export interface WindowLimits {
  /** Turns given whole (default 6). */
  turns: number
  /** Older turns folded into the summary line (default 20); older still are left out. */
  summarised: number
}

export const DEFAULT_WINDOW: WindowLimits = { turns: 6, summarised: 20 }

const TURN_CHARS = 2000
const SUMMARY_CHARS = 1000
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/**
 * The window of a chat before one of its messages: one bounded query of the chat's last messages,
 * paired into turns (a user message and its run's answer). A turn whose answer came after the API
 * stopped waiting (202) has it only on its run: that run is read, for the whole turns only, and
 * left out when a later message rolled it back (`discardedAt`, ADR 0029; older turns in the summary
 * line are not read, so they stay). Undefined when the chat has no earlier turn.
 */
export const readConversation = async (
  deps: { chats: Pick<ChatStore, 'recentMessages'>; runs: Pick<RunStore, 'getRun'> },
  at: { tenantId: string; chatId: string; messageId: string },
  limits: WindowLimits = DEFAULT_WINDOW,
): Promise<ConversationWindow | undefined> => {
  const limit = 2 * (limits.turns + limits.summarised)
  const messages = await deps.chats.recentMessages(at.tenantId, at.chatId, { before: at.messageId, limit })
  const turns = pairTurns(messages)
  if (turns.length === 0) return undefined
  const whole = turns.slice(-limits.turns)
  const older = turns.slice(0, -limits.turns).slice(-limits.summarised)
  const read = await Promise.all(
    whole.map(async (turn) => {
      if (turn.answer !== undefined) return turn
      const run = await deps.runs.getRun(at.tenantId, turn.runId)
      // A run a later message rolled back (ADR 0029) is no part of the conversation.
      if (run?.discardedAt) return undefined
      return run?.status === 'completed' && run.output !== undefined ? { ...turn, answer: run.output } : turn
    }),
  )
  const answered = read.filter((turn) => turn !== undefined)
  if (answered.length === 0 && older.length === 0) return undefined
  return {
    ...(older.length > 0 ? { earlier: summarise(older) } : {}),
    turns: answered.map(({ request, answer }) => ({
      request: cut(request, TURN_CHARS),
      ...(answer !== undefined ? { answer: cut(answer, TURN_CHARS) } : {}),
    })),
  }
}

type Turn = { runId: string; request: string; answer?: string }

/** User messages in order, each with the assistant message of the same run, if any. */
const pairTurns = (messages: readonly ChatMessageRecord[]): Turn[] => {
  const answers = new Map(messages.filter((m) => m.role === 'assistant').map((m) => [m.runId, m.content]))
  return messages
    .filter((m) => m.role === 'user')
    .map((m) => {
      const answer = answers.get(m.runId)
      return { runId: m.runId, request: m.content, ...(answer !== undefined ? { answer } : {}) }
    })
}

/** One line, the same for the same turns: how many, and what each asked (its first words). */
const summarise = (turns: readonly Turn[]): string =>
  cut(
    `${turns.length} earlier turn${turns.length === 1 ? '' : 's'}; the user asked: ${turns
      .map((t) => `"${cut(t.request.replace(/\s+/g, ' ').trim(), 80)}"`)
      .join('; ')}`,
    SUMMARY_CHARS,
  )
