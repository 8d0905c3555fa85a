import {
  type Actor,
  ApprovalRequested,
  type Envelope,
  newId,
  RunCompleted,
  RunFailed,
  RunRequested,
} from '#events'
import type { Bus } from '#platform/bus/index.ts'
import { ChorusError } from '#platform/errors/index.ts'
import type {
  ChatDirectory,
  ChatStore,
  EventLog,
  ModelCallStore,
  RunControl,
  RunStore,
  ToolCallStore,
} from '#platform/store/index.ts'
import { getRunView, type RunView } from './run-view.ts'

export interface ChatServiceDeps {
  bus: Bus
  runs: RunStore
  chats: ChatStore
  log: EventLog
  modelCalls: ModelCallStore
  toolCalls: ToolCallStore
  /** The tenant's chats: a message to a new chat id opens it. */
  directory: ChatDirectory
  /** Where a run is marked handed over when the budget runs out (its later events go async). */
  control: RunControl
  /** How long a chat message may wait for its answer before the API answers 202. */
  syncBudgetMs: number
}

export type SendMessageResult =
  | { status: 'completed' | 'failed'; runId: string; messageId: string; reply?: string; run: RunView }
  | { status: 'accepted'; runId: string; messageId: string }

/**
 * Chat: a message becomes a run on the sync route. The caller gets the answer when the run
 * ends within the latency budget; otherwise the run is handed over to the async route and the
 * caller gets the run id to follow.
 */
export const makeChatService = ({
  bus,
  runs,
  chats,
  log,
  modelCalls,
  toolCalls,
  directory,
  control,
  syncBudgetMs,
}: ChatServiceDeps) => ({
  sendMessage: async (input: {
    tenantId: string
    chatId: string
    content: string
    actor: Actor
    /** Answer 202 at once and send the run async (`Prefer: respond-async`): the caller follows it. */
    respondAsync?: boolean
    /** `plan`: the run waits for approval after its plan (ADR 0023). */
    approval?: 'plan' | undefined
  }): Promise<SendMessageResult> => {
    const { tenantId, chatId, content, actor, approval } = input
    const route = input.respondAsync ? 'async' : 'sync'
    const runId = newId()
    const messageId = newId()
    await directory.ensure(tenantId, chatId)
    const requested = RunRequested.draft(
      { request: content, chatId, messageId },
      { tenantId, runId, correlationId: runId, causationId: null, route, actor },
    )
    // The run and its start event in one write: a crash before the publish leaves a run that
    // recovery re-publishes (`unstartedRuns`), never one that waits forever.
    await runs.createRun({
      tenantId,
      runId,
      request: content,
      chatId,
      startEvent: requested,
      ...(approval ? { approval } : {}),
    })
    await chats.addMessage(tenantId, chatId, {
      messageId,
      role: 'user',
      content,
      runId,
      createdAt: new Date().toISOString(),
    })

    const ended = waitForEnd(bus, tenantId, runId, route === 'sync' ? syncBudgetMs : 0)
    // While this process waits, the run's sync events need no read to learn it was not handed over.
    const release = route === 'sync' ? control.awaitInProcess({ tenantId, runId }) : () => {}
    let outcome: Envelope | undefined
    try {
      await bus.publish(requested).catch((error: unknown) => {
        ended.cancel()
        throw error
      })
      outcome = await ended.promise
    } finally {
      release()
    }
    if (!outcome || ApprovalRequested.is(outcome)) {
      if (route === 'sync') await control.handOver({ tenantId, runId })
      return { status: 'accepted', runId, messageId }
    }

    const run = await getRunView({ runs, log, modelCalls, toolCalls }, tenantId, runId)
    if (!run) throw new ChorusError('internal', `run ${runId} vanished`)
    if (RunCompleted.is(outcome)) {
      const reply = outcome.data.output
      await chats.addMessage(tenantId, chatId, {
        // The RunCompleted's id: the chat view shows replies of handed-over runs under the same id.
        messageId: outcome.meta.eventId,
        role: 'assistant',
        content: reply,
        runId,
        createdAt: new Date().toISOString(),
      })
      return { status: 'completed', runId, messageId, reply, run }
    }
    return { status: 'failed', runId, messageId, run }
  },
})

/**
 * Resolves with the run's RunCompleted/RunFailed, its ApprovalRequested (it waits for a person, so
 * the caller follows it), or undefined when the budget runs out first.
 */
const waitForEnd = (bus: Bus, tenantId: string, runId: string, budgetMs: number) => {
  let cancel = () => {}
  const promise = new Promise<Envelope | undefined>((resolve) => {
    const timer = setTimeout(() => finish(undefined), budgetMs)
    const unsubscribe = bus.subscribe((event) => {
      if (event.meta.tenantId !== tenantId || event.meta.runId !== runId) return
      if (RunCompleted.is(event) || RunFailed.is(event) || ApprovalRequested.is(event)) finish(event)
    })
    const finish = (event: Envelope | undefined) => {
      clearTimeout(timer)
      unsubscribe()
      resolve(event)
    }
    cancel = () => finish(undefined)
  })
  return { promise, cancel }
}

export type ChatService = ReturnType<typeof makeChatService>
