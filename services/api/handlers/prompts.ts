import { createError } from '@middy/util'
import { z } from 'zod'
import type { Logger } from '#platform/log/index.ts'
import type { PromptStore } from '#platform/store/index.ts'
import { decodeCursor, encodeCursor } from '../http/cursor.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { PromptName } from '../http/schemas.ts'
import { getPrompt, listPrompts, putPrompt } from '../operations/prompts.ts'

const PromptCursor = z.object({ after: PromptName }).strict()

/** `GET /prompts`: the caller's tenant's prompts by name, each with its latest version, a page at a time. */
export const makeListPromptsHandler = ({ prompts, logger }: { prompts: PromptStore; logger: Logger }) =>
  implement(listPrompts, { logger }, async ({ caller, query: { limit, cursor } }) => {
    const after = cursor ? decodeCursor(cursor, PromptCursor).after : undefined
    const page = await prompts.page(caller.tenantId, { limit, ...(after ? { after } : {}) })
    return json(200, {
      prompts: page.items.map(({ name, version, createdAt }) => ({ name, version, updatedAt: createdAt })),
      ...(page.next ? { next: encodeCursor({ after: page.next }) } : {}),
    })
  })

/** `GET /prompts/{name}`: the latest version of a prompt of the caller's tenant, or `?version=n`. */
export const makeGetPromptHandler = ({ prompts, logger }: { prompts: PromptStore; logger: Logger }) =>
  implement(getPrompt, { logger }, async ({ caller, params: { name }, query: { version } }) => {
    const found = await prompts.get(caller.tenantId, name, version)
    if (!found)
      throw createError(404, `prompt ${name}${version ? ` version ${version}` : ''} not found`, {
        expose: true,
      })
    return json(200, {
      name,
      version: found.version,
      createdAt: found.createdAt,
      text: found.definition.text,
    })
  })

/** `PUT /prompts/{name}` `{ "text": "…" }`: saves a new version, used from the next request on. */
export const makePutPromptHandler = ({ prompts, logger }: { prompts: PromptStore; logger: Logger }) =>
  implement(putPrompt, { logger }, async ({ caller, params: { name }, body }) => {
    const saved = await prompts.save(caller.tenantId, name, body)
    return json(200, { name, version: saved.version, createdAt: saved.createdAt })
  })
