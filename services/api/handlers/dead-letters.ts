import type { Logger } from '#platform/log/index.ts'
import { type DeadLetterService, detailOf, summaryOf } from '../core/dead-letters.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import {
  discardDeadLetter,
  getDeadLetter,
  listDeadLetters,
  redriveDeadLetter,
} from '../operations/dead-letters.ts'

/** `GET /dead-letters`, `GET /dead-letters/{id}`, `POST /dead-letters/{id}/redrive`, `DELETE /dead-letters/{id}`. */
export const makeDeadLetterHandlers = ({
  service,
  logger,
}: {
  service: DeadLetterService
  logger: Logger
}) => ({
  listDeadLetters: implement(listDeadLetters, { logger }, async ({ caller, query }) => {
    const { consumer, runId, limit } = query
    const letters = await service.list(caller.tenantId, {
      limit,
      ...(consumer ? { consumer } : {}),
      ...(runId ? { runId } : {}),
    })
    return json(200, { deadLetters: letters.map(summaryOf) })
  }),

  getDeadLetter: implement(getDeadLetter, { logger }, async ({ caller, params }) =>
    json(200, detailOf(await service.get(caller.tenantId, params.id))),
  ),

  redriveDeadLetter: implement(redriveDeadLetter, { logger }, async ({ caller, params }) => {
    const { letter, run } = await service.redrive(caller.tenantId, params.id, caller.actor)
    return json(200, { deadLetter: summaryOf(letter), run })
  }),

  discardDeadLetter: implement(discardDeadLetter, { logger }, async ({ caller, params }) => {
    await service.discard(caller.tenantId, params.id)
    return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' }
  }),
})
