import { createError } from '@middy/util'
import { z } from 'zod'
import type { Logger } from '#platform/log/index.ts'
import { Prompt, type PromptStore } from '#platform/store/index.ts'
import { decodeCursor, encodeCursor } from '../http/cursor.ts'
import { endpoint, jsonBody } from '../http/endpoint.ts'
import { callerOf, json, pathParam, queryOf } from '../http/middleware.ts'
import { ListQuery, PromptName, VersionQuery } from '../http/schemas.ts'

const PromptCursor = z.object({ after: PromptName }).strict()

/** `GET /prompts`: the caller's tenant's prompts by name, each with its latest version, a page at a time. */
export const makeListPromptsHandler = ({ prompts, logger }: { prompts: PromptStore; logger: Logger }) =>
  endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    const { limit, cursor } = queryOf(event, ListQuery)
    const after = cursor ? decodeCursor(cursor, PromptCursor).after : undefined
    const page = await prompts.page(tenantId, { limit, ...(after ? { after } : {}) })
    return json(200, {
      prompts: page.items.map(({ name, version, createdAt }) => ({ name, version, updatedAt: createdAt })),
      ...(page.next ? { next: encodeCursor({ after: page.next }) } : {}),
    })
  })

/** `GET /prompts/{name}`: the latest version of a prompt of the caller's tenant, or `?version=n`. */
export const makeGetPromptHandler = ({ prompts, logger }: { prompts: PromptStore; logger: Logger }) =>
  endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    const name = pathParam(event, 'name', PromptName)
    const { version } = queryOf(event, VersionQuery)
    const found = await prompts.get(tenantId, name, version)
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
  endpoint(logger)
    .use(jsonBody(Prompt))
    .handler(async (event) => {
      const { tenantId } = callerOf(event)
      const name = pathParam(event, 'name', PromptName)
      const saved = await prompts.save(tenantId, name, event.body as unknown as Prompt)
      return json(200, { name, version: saved.version, createdAt: saved.createdAt })
    })
