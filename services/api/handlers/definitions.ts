import type { z } from 'zod'
import type { Logger } from '#platform/log/index.ts'
import type { DefinitionService } from '../core/definitions.ts'
import { endpoint, jsonBody } from '../http/endpoint.ts'
import { bodyOf, callerOf, json, pathParam } from '../http/middleware.ts'

interface DefinitionHandlerSpec<T extends { name: string }> {
  service: DefinitionService<T>
  /** The collection's path segment and list key: `teams`, `triggers`. */
  plural: 'teams' | 'triggers'
  body: z.ZodType<T>
  name: z.ZodType<string>
  logger: Logger
}

/** List, get, create (201), put (a new version) and delete (204) of one kind of versioned definition. */
export const makeDefinitionHandlers = <T extends { name: string }>(spec: DefinitionHandlerSpec<T>) => {
  const { service, plural, body, name, logger } = spec
  return {
    list: endpoint(logger).handler(async (event) => {
      const { tenantId } = callerOf(event)
      return json(200, { [plural]: await service.list(tenantId) })
    }),
    get: endpoint(logger).handler(async (event) => {
      const { tenantId } = callerOf(event)
      return json(200, await service.get(tenantId, pathParam(event, 'name', name)))
    }),
    create: endpoint(logger)
      .use(jsonBody(body))
      .handler(async (event) => {
        const { tenantId } = callerOf(event)
        const saved = await service.create(tenantId, bodyOf(event, body))
        return json(201, saved, { location: `/${plural}/${saved.name}` })
      }),
    put: endpoint(logger)
      .use(jsonBody(body))
      .handler(async (event) => {
        const { tenantId } = callerOf(event)
        return json(200, await service.put(tenantId, pathParam(event, 'name', name), bodyOf(event, body)))
      }),
    remove: endpoint(logger).handler(async (event) => {
      const { tenantId } = callerOf(event)
      await service.remove(tenantId, pathParam(event, 'name', name))
      return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' }
    }),
  }
}
