import { z } from 'zod'
import { RunId } from '#events'
import type { Logger } from '#platform/log/index.ts'
import type { Runs } from '../core/runs.ts'
import { decodeCursor, encodeCursor } from '../http/cursor.ts'
import { endpoint, jsonBody } from '../http/endpoint.ts'
import { bodyOf, callerOf, json, pathParam, queryOf } from '../http/middleware.ts'
import { CancelRunBody, ListRunsQuery } from '../http/schemas.ts'

const RunCursor = z.object({ createdAt: z.iso.datetime(), runId: RunId }).strict()

/** `GET /runs` (newest first, by status and time) and `POST /runs/{runId}/cancel`. */
export const makeRunHandlers = ({ runs, logger }: { runs: Runs; logger: Logger }) => ({
  listRuns: endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    const { cursor, ...query } = queryOf(event, ListRunsQuery)
    const after = cursor ? decodeCursor(cursor, RunCursor) : undefined
    const page = await runs.list(tenantId, { ...query, ...(after ? { after } : {}) })
    return json(200, { runs: page.runs, ...(page.next ? { next: encodeCursor(page.next) } : {}) })
  }),

  /** 200 once the run is cancelled (again: the same answer), 202 while the request is on its way. */
  cancelRun: endpoint(logger)
    .use(jsonBody(CancelRunBody, { optional: true }))
    .handler(async (event) => {
      const { tenantId, actor } = callerOf(event)
      const runId = pathParam(event, 'runId', RunId)
      const reason = bodyOf(event, CancelRunBody)?.reason
      const { state, run } = await runs.cancel({ tenantId, runId, actor, reason })
      return state === 'ended' ? json(200, run) : json(202, run, { location: `/runs/${runId}` })
    }),
})
