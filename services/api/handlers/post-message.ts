import middy from '@middy/core'
import httpJsonBodyParser from '@middy/http-json-body-parser'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import { z } from 'zod'
import { ChatId } from '#events'
import type { Logger } from '#platform/log/index.ts'
import type { ChatService } from '../core/chat-service.ts'
import { callerOf, json, jsonErrors, pathParam, zodBody } from '../http/middleware.ts'

export const PostMessageBody = z.object({ content: z.string().trim().min(1).max(20_000) }).strict()

/** `POST /chats/{chatId}/messages`: the answer within the sync budget (200), else the run to follow (202). */
export const makePostMessageHandler = ({ chat, logger }: { chat: ChatService; logger: Logger }) =>
  middy<APIGatewayProxyEvent>()
    .use(jsonErrors({ logger }))
    .use(httpJsonBodyParser())
    .use(zodBody(PostMessageBody))
    .handler(async (event) => {
      const { tenantId, actor } = callerOf(event)
      const chatId = pathParam(event, 'chatId', ChatId)
      const { content } = event.body as unknown as z.infer<typeof PostMessageBody>
      const result = await chat.sendMessage({ tenantId, chatId, content, actor })
      if (result.status === 'accepted') return json(202, result, { location: `/runs/${result.runId}` })
      const { run, ...rest } = result
      return json(200, { ...rest, plan: run.plan, steps: run.steps, failure: run.failure, usage: run.usage })
    })
