import type { z } from 'zod'
import type { Logger } from '#platform/log/index.ts'
import type { DefinitionService } from '../core/definitions.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import type { VersionQuery } from '../http/schemas.ts'
import type { Operation } from '../operation.ts'

type Named = { params: z.ZodObject<{ name: z.ZodType<string> }> }

/** The operations of one kind of versioned definition (`operations/teams.ts`, `operations/triggers.ts`). */
export interface DefinitionOperations {
  list: Operation
  get: Operation & Named & { query: typeof VersionQuery }
  create: Operation & { body: z.ZodType }
  put: Operation & Named & { body: z.ZodType }
  remove: Operation & Named
}

interface DefinitionHandlerSpec<T extends { name: string }> {
  service: DefinitionService<T>
  operations: DefinitionOperations
  /** The collection's path segment and list key: `teams`, `triggers`. */
  plural: 'teams' | 'triggers'
  logger: Logger
}

/**
 * List, get, create (201), put (a new version) and delete (204) of one kind of versioned definition. A
 * body is read whole by the service (`read`), so one answer names every problem (`rawBody`).
 */
export const makeDefinitionHandlers = <T extends { name: string }>(spec: DefinitionHandlerSpec<T>) => {
  const { service, operations, plural, logger } = spec
  return {
    list: implement(operations.list, { logger }, async ({ caller }) =>
      json(200, { [plural]: await service.list(caller.tenantId) }),
    ),
    get: implement(operations.get, { logger }, async ({ caller, params, query }) =>
      json(200, await service.get(caller.tenantId, params.name, query.version)),
    ),
    create: implement(
      operations.create,
      { logger, rawBody: true },
      async ({ caller: { tenantId }, body }) => {
        const saved = await service.create(tenantId, await service.read(tenantId, body))
        return json(201, saved, { location: `/${plural}/${saved.name}` })
      },
    ),
    put: implement(
      operations.put,
      { logger, rawBody: true },
      async ({ caller: { tenantId }, params, body }) => {
        const definition = await service.read(tenantId, body, params.name)
        return json(200, await service.put(tenantId, definition))
      },
    ),
    remove: implement(operations.remove, { logger }, async ({ caller, params }) => {
      await service.remove(caller.tenantId, params.name)
      return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' }
    }),
  }
}
