import type { Logger } from '#platform/log/index.ts'
import type { ChatService } from '../core/chat-service.ts'
import { idempotent } from '../http/idempotency.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { postMessage } from '../operations/chats.ts'
import type { RequestIdempotency } from '../store/request-idempotency.ts'

/**
 * `POST /chats/{chatId}/messages`: the answer within the sync budget (200), else the run to
 * follow (202). `Prefer: respond-async` (RFC 7240) asks for the 202 at once.
 */
export const makePostMessageHandler = ({
  chat,
  requests,
  logger,
}: {
  chat: ChatService
  requests: RequestIdempotency
  logger: Logger
}) =>
  implement(
    postMessage,
    { logger, use: [idempotent({ requests })] },
    async ({ caller: { tenantId, actor }, params: { chatId }, headers, body }) => {
      const { content, approval, multitask, budget } = body
      const respondAsync = /\brespond-async\b/i.test(headers.Prefer ?? '')
      const result = await chat.sendMessage({
        tenantId,
        chatId,
        content,
        actor,
        respondAsync,
        approval,
        multitask,
        budget,
      })
      const location = `/runs/${result.runId}`
      if (result.status === 'accepted')
        return json(202, result, {
          location,
          ...(respondAsync ? { 'preference-applied': 'respond-async' } : {}),
        })
      const { run, ...rest } = result
      const answer = { ...rest, plan: run.plan, steps: run.steps, failure: run.failure, usage: run.usage }
      return json(200, answer, { 'content-location': location })
    },
  )
