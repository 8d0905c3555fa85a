import { Readable } from 'node:stream'
import type { Logger } from '#platform/log/index.ts'
import type { RunStore } from '#platform/store/index.ts'
import { notFound } from '../core/api-error.ts'
import { followRun, type RunStreamDeps, sseFrame } from '../core/run-stream.ts'
import type { StreamingResult } from '../http/endpoint.ts'
import { implement } from '../http/implement.ts'
import { streamRunEvents } from '../operations/runs.ts'

/**
 * `GET /runs/{runId}/events`: the run's events as server-sent events, from `Last-Event-ID` (or
 * `?after=`) on: the stored log first, then live, ending after RunCompleted/RunFailed.
 */
export const makeRunEventsHandler = ({
  runs,
  logger,
  ...stream
}: RunStreamDeps & { runs: RunStore; logger: Logger }) =>
  implement(
    streamRunEvents,
    { logger },
    async ({ caller: { tenantId }, params: { runId }, query, headers }) => {
      const after = headers['Last-Event-ID'] ?? query.after ?? 0
      if (!(await runs.getRun(tenantId, runId))) throw notFound('run', runId)

      const abort = new AbortController()
      const frames = (async function* () {
        yield 'retry: 2000\n\n'
        for await (const item of followRun(stream, { tenantId, runId, after, abort: abort.signal }))
          yield sseFrame(item)
      })()
      // Closing the body (the client left, or Lambda's answer was cut) aborts the follower at once,
      // even while it waits for its next poll.
      const body = new Readable({
        read() {
          frames.next().then(
            (next) => this.push(next.done ? null : next.value),
            (error: unknown) => this.destroy(error as Error),
          )
        },
        destroy(error, callback) {
          abort.abort()
          callback(error)
        },
      })
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          'x-accel-buffering': 'no',
        },
        body,
      } satisfies StreamingResult
    },
  )
