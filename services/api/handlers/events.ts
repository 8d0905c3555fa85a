import type { Logger } from '#platform/log/index.ts'
import type { EventIntake } from '../core/event-intake.ts'
import { eventSchemas } from '../core/event-schemas.ts'
import { idempotent } from '../http/idempotency.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { getEventSchemas, postEvents } from '../operations/events.ts'
import type { RequestIdempotency } from '../store/request-idempotency.ts'

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
  postEvents: implement(
    postEvents,
    { logger, use: [idempotent({ requests })] },
    async ({ caller: { tenantId, actor }, body }) =>
      json(200, await intake.publish({ tenantId, actor, entries: body.Entries })),
  ),

  getEventSchemas: implement(getEventSchemas, { logger }, async ({ query }) =>
    json(200, eventSchemas(query)),
  ),
})
