import type { Logger } from '#platform/log/index.ts'
import type { RequestIdempotency } from '#platform/store/index.ts'
import type { EventIntake } from '../core/event-intake.ts'
import { eventSchemas } from '../core/event-schemas.ts'
import { endpoint, jsonBody } from '../http/endpoint.ts'
import { idempotent } from '../http/idempotency.ts'
import { bodyOf, callerOf, json, queryOf } from '../http/middleware.ts'
import { EventSchemasQuery, PutEventsBody } from '../http/schemas.ts'

/** `POST /events` (PutEvents-like, per-entry results) and `GET /events/schemas[?name=&version=]`. */
export const makeEventHandlers = ({
  intake,
  requests,
  logger,
}: {
  intake: EventIntake
  requests: RequestIdempotency
  logger: Logger
}) => ({
  postEvents: endpoint(logger)
    .use(idempotent({ requests }))
    .use(jsonBody(PutEventsBody))
    .handler(async (event) => {
      const { tenantId, actor } = callerOf(event)
      return json(
        200,
        await intake.publish({ tenantId, actor, entries: bodyOf(event, PutEventsBody).Entries }),
      )
    }),

  getEventSchemas: endpoint(logger).handler(async (event) => {
    callerOf(event)
    return json(200, eventSchemas(queryOf(event, EventSchemasQuery)))
  }),
})
