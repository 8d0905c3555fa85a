import { z } from 'zod'
import { RunId } from '#events'
import type { Logger } from '#platform/log/index.ts'
import type { Runs } from '../core/runs.ts'
import { decodeCursor, encodeCursor } from '../http/cursor.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { cancelRun, listRuns } from '../operations/runs.ts'

const RunCursor = z.object({ createdAt: z.iso.datetime(), runId: RunId }).strict()

/** `GET /runs` (newest first, by status and time) and `POST /runs/{runId}/cancel`. */
export const makeRunHandlers = ({ runs, logger }: { runs: Runs; logger: Logger }) => ({
  listRuns: implement(listRuns, { logger }, async ({ caller, query: { cursor, ...query } }) => {
    const after = cursor ? decodeCursor(cursor, RunCursor) : undefined
    const page = await runs.list(caller.tenantId, { ...query, ...(after ? { after } : {}) })
    return json(200, { runs: page.runs, ...(page.next ? { next: encodeCursor(page.next) } : {}) })
  }),

  /** 200 once the run is cancelled (again: the same answer), 202 while the request is on its way. */
  cancelRun: implement(cancelRun, { logger }, async ({ caller, params: { runId }, body }) => {
    const { tenantId, actor } = caller
    const { state, run } = await runs.cancel({ tenantId, runId, actor, reason: body?.reason })
    return state === 'ended' ? json(200, run) : json(202, run, { location: `/runs/${runId}` })
  }),
})
