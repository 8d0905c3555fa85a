import type { Logger } from '#platform/log/index.ts'
import { type DeadLetterService, detailOf, summaryOf } from '../core/dead-letters.ts'
import { DeadLetterId, ListDeadLettersQuery } from '../http/dead-letter-schemas.ts'
import { endpoint } from '../http/endpoint.ts'
import { callerOf, json, pathParam, queryOf } from '../http/middleware.ts'

/** `GET /dead-letters`, `GET /dead-letters/{id}`, `POST /dead-letters/{id}/redrive`, `DELETE /dead-letters/{id}`. */
export const makeDeadLetterHandlers = ({
  service,
  logger,
}: {
  service: DeadLetterService
  logger: Logger
}) => ({
  listDeadLetters: endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    const { consumer, runId, limit } = queryOf(event, ListDeadLettersQuery)
    const letters = await service.list(tenantId, {
      limit,
      ...(consumer ? { consumer } : {}),
      ...(runId ? { runId } : {}),
    })
    return json(200, { deadLetters: letters.map(summaryOf) })
  }),

  getDeadLetter: endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    return json(200, detailOf(await service.get(tenantId, pathParam(event, 'id', DeadLetterId))))
  }),

  redriveDeadLetter: endpoint(logger).handler(async (event) => {
    const { tenantId, actor } = callerOf(event)
    const { letter, run } = await service.redrive(tenantId, pathParam(event, 'id', DeadLetterId), actor)
    return json(200, { deadLetter: summaryOf(letter), run })
  }),

  discardDeadLetter: endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    await service.discard(tenantId, pathParam(event, 'id', DeadLetterId))
    return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' }
  }),
})
