import { z } from 'zod'
import type { Logger } from '#platform/log/index.ts'
import type { DefinitionService } from '../core/definitions.ts'
import { endpoint, jsonBody } from '../http/endpoint.ts'
import { callerOf, json, pathParam, queryOf } from '../http/middleware.ts'
import { VersionQuery } from '../http/schemas.ts'

interface DefinitionHandlerSpec<T extends { name: string }> {
  service: DefinitionService<T>
  /** The collection's path segment and list key: `teams`, `triggers`. */
  plural: 'teams' | 'triggers'
  name: z.ZodType<string>
  logger: Logger
}

/** Any JSON body: the service reads it whole (`read`), so one answer names every problem. */
const AnyJson = z.unknown()

/** List, get, create (201), put (a new version) and delete (204) of one kind of versioned definition. */
export const makeDefinitionHandlers = <T extends { name: string }>(spec: DefinitionHandlerSpec<T>) => {
  const { service, plural, name, logger } = spec
  return {
    list: endpoint(logger).handler(async (event) => {
      const { tenantId } = callerOf(event)
      return json(200, { [plural]: await service.list(tenantId) })
    }),
    get: endpoint(logger).handler(async (event) => {
      const { tenantId } = callerOf(event)
      const { version } = queryOf(event, VersionQuery)
      return json(200, await service.get(tenantId, pathParam(event, 'name', name), version))
    }),
    create: endpoint(logger)
      .use(jsonBody(AnyJson))
      .handler(async (event) => {
        const { tenantId } = callerOf(event)
        const saved = await service.create(tenantId, await service.read(tenantId, event.body))
        return json(201, saved, { location: `/${plural}/${saved.name}` })
      }),
    put: endpoint(logger)
      .use(jsonBody(AnyJson))
      .handler(async (event) => {
        const { tenantId } = callerOf(event)
        const definition = await service.read(tenantId, event.body, pathParam(event, 'name', name))
        return json(200, await service.put(tenantId, definition))
      }),
    remove: endpoint(logger).handler(async (event) => {
      const { tenantId } = callerOf(event)
      await service.remove(tenantId, pathParam(event, 'name', name))
      return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' }
    }),
  }
}
