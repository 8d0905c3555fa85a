import {
  type Actor,
  ApprovalRequested,
  type Budget,
  type Draft,
  type Envelope,
  newId,
  RunCancelRequested,
  RunCompleted,
  RunFailed,
  RunRequested,
} from '#events'
import type { Bus } from '#platform/bus/index.ts'
import { ChorusError } from '#platform/errors/index.ts'
import type { ChatStore, MultitaskPolicy, RunControl, RunStore } from '#platform/store/index.ts'
import type { ChatDirectory } from '../store/chat-directory.ts'
import { ApiError } from './api-error.ts'
import { resolveBudget, SHIPPED_TENANT_BUDGETS, type TenantBudgets } from './budgets.ts'
import { getRunView, type RunView } from './run-view.ts'

export interface ChatServiceDeps {
  bus: Bus
  runs: RunStore
  chats: ChatStore
  /** The tenant's chats: a message to a new chat id opens it. */
  directory: ChatDirectory
  /** Where a run is marked handed over when the budget runs out (its later events go async). */
  control: RunControl
  /** How long a chat message may wait for its answer before the API answers 202. */
  syncBudgetMs: number
  /** Tenants' budget defaults and ceilings (ADR 0031); none when left out. */
  budgets?: TenantBudgets
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
  directory,
  control,
  syncBudgetMs,
  budgets = SHIPPED_TENANT_BUDGETS,
}: ChatServiceDeps) => {
  const sendMessage = async (input: {
    tenantId: string
    chatId: string
    content: string
    actor: Actor
    /** Answer 202 at once and send the run async (`Prefer: respond-async`): the caller follows it. */
    respondAsync?: boolean
    /** `plan`: the run waits for approval after its plan (ADR 0023). */
    approval?: 'plan' | undefined
    /** What to do when the chat's run is still going; the chat's own policy when absent (ADR 0029). */
    multitask?: MultitaskPolicy | undefined
    /** The request's limits: within the tenant's ceilings, over its defaults (ADR 0031). */
    budget?: Budget | undefined
  }): Promise<SendMessageResult> => {
    const { tenantId, chatId, content, actor, approval } = input
    // Before anything is stored: a budget over the tenant's ceilings is a 400 that leaves no trace.
    const budget = resolveBudget(budgets, tenantId, input.budget)
    const runId = newId()
    const messageId = newId()
    await directory.ensure(tenantId, chatId)
    const { active, policy } = await claimChat(tenantId, chatId, runId, input.multitask)
    // A queued run starts when the run before it ends, so the caller follows it (202 at once).
    const queued = active !== undefined && policy === 'enqueue'
    const route = input.respondAsync || queued ? 'async' : 'sync'
    // The decision the message met goes in its request, so the audit re-derives it (ADR 0029).
    const multitask =
      active !== undefined && policy !== 'reject' ? { policy, activeRunId: active } : undefined
    const requested = RunRequested.draft(
      {
        request: content,
        chatId,
        messageId,
        ...(budget ? { budget } : {}),
        ...(multitask ? { multitask } : {}),
      },
      { tenantId, runId, correlationId: runId, causationId: null, route, actor },
    )
    // The run and its start event in one write: a crash before the publish leaves a run that
    // recovery re-publishes (`unstartedRuns`), never one that waits forever. A queued run keeps
    // its start event aside until the run before it ends (the sweep finds it too).
    await runs.createRun({
      tenantId,
      runId,
      request: content,
      chatId,
      startEvent: requested,
      ...(approval ? { approval } : {}),
      ...(queued ? { after: active } : {}),
    })
    await chats.addMessage(tenantId, chatId, {
      messageId,
      role: 'user',
      content,
      runId,
      createdAt: new Date().toISOString(),
    })
    if (queued) {
      await runs.linkNext({ tenantId, runId: active }, runId)
      // The run before may have ended before it was linked: then its end found no successor, and
      // this message starts the queued run itself (the release is conditional, so only once).
      const before = await runs.getRun(tenantId, active)
      if (!before || isEnded(before.status)) {
        const start = await runs.releaseQueued({ tenantId, runId })
        if (start) await bus.publish(start)
      }
      return { status: 'accepted', runId, messageId }
    }
    if (active !== undefined) await stopRun(tenantId, active, runId, actor, policy === 'rollback')
    return startAndWait({ tenantId, chatId, runId, messageId, route, requested })
  }

  /**
   * Points the chat at the new run by a conditional write on its `activeRunId`, and returns the
   * run that was still going then (if any) with the policy that applies. Concurrent messages to one
   * chat are ordered by this write: a loser reads again and decides against the winner's run.
   */
  const claimChat = async (
    tenantId: string,
    chatId: string,
    runId: string,
    requested: MultitaskPolicy | undefined,
  ): Promise<{ active: string | undefined; policy: MultitaskPolicy }> => {
    for (let attempt = 0; attempt < MAX_CLAIMS; attempt++) {
      const chat = await directory.get(tenantId, chatId)
      const policy = requested ?? chat?.multitask ?? 'enqueue'
      const pointer = chat?.activeRunId
      const current = pointer ? await runs.getRun(tenantId, pointer) : undefined
      if (pointer && !current && !stale(chat?.activeAt)) {
        // Another message claimed the chat and is creating its run: decide once it exists.
        await sleep(CLAIM_PAUSE_MS)
        continue
      }
      const busy = current !== undefined && !isEnded(current.status)
      if (busy && policy === 'reject')
        throw new ApiError('chat.busy', `chat ${chatId} has run ${pointer} going (${current.status})`, {
          problems: [`activeRunId: ${pointer}`],
          headers: { location: `/runs/${pointer}` },
        })
      if (await directory.claimActiveRun(tenantId, chatId, pointer, runId))
        return { active: busy ? pointer : undefined, policy }
    }
    throw new ApiError('chat.busy', `chat ${chatId} is taking too many messages at once`, { retryable: true })
  }

  /**
   * Interrupt or roll back: asks the supervisor to end the run (the cancel path of ADR 0012/0015),
   * and every queued run before it that is still going. `discard` also marks them rolled back.
   */
  const stopRun = async (tenantId: string, first: string, by: string, actor: Actor, discard: boolean) => {
    let runId: string | undefined = first
    for (let hops = 0; runId && hops < MAX_CLAIMS; hops++) {
      const run = await runs.getRun(tenantId, runId)
      if (!run || isEnded(run.status)) return
      if (discard) await runs.markDiscarded({ tenantId, runId })
      const eventId = await control.requestCancel({ tenantId, runId }, newId())
      if (eventId)
        await bus.publish(
          RunCancelRequested.draft(
            {
              reason: `${discard ? 'rolled back' : 'interrupted'} by run ${by} of the same chat`,
              by: { runId: by, policy: discard ? 'rollback' : 'interrupt' },
            },
            { tenantId, runId, correlationId: runId, causationId: null, route: 'async', actor, eventId },
          ),
        )
      runId = run.afterRunId
    }
  }

  const startAndWait = async ({
    tenantId,
    chatId,
    runId,
    messageId,
    route,
    requested,
  }: {
    tenantId: string
    chatId: string
    runId: string
    messageId: string
    route: 'sync' | 'async'
    requested: Draft
  }): Promise<SendMessageResult> => {
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

    const run = await getRunView({ runs }, tenantId, runId)
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
  }

  return { sendMessage }
}

const MAX_CLAIMS = 100
const CLAIM_PAUSE_MS = 20
/** A chat pointer whose run was never created this long after the claim was left by a crash. */
const CLAIM_STALE_MS = 30_000
const stale = (at: string | undefined) => !at || Date.now() - Date.parse(at) > CLAIM_STALE_MS
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const isEnded = (status: string) => status === 'completed' || status === 'failed'

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
