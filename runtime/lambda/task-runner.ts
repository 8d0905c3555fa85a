import type { Context } from 'aws-lambda'
import { ChorusError } from '#platform/errors/index.ts'
import { drainUntilDeadline } from '#platform/queue/drain-until-deadline.ts'
import { makeSqsPoller } from '#platform/queue/sqs-poller.ts'
import { containerRuntime } from './container.ts'

/**
 * Lambda entry point of the long-running task runner (up to 15 minutes, started on a schedule or by
 * an alarm on queue depth): drains the task queue (`CHORUS_TASK_QUEUE_URL`, else the workers queue)
 * through the workers' consumer, one task at a time, and takes no new task with less than
 * `CHORUS_TASK_RESERVE_MS` left.
 */
export const handler = async (_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) => {
  const runtime = await containerRuntime()
  const queueUrl = runtime.config.queueUrls.tasks
  if (!queueUrl)
    throw new ChorusError(
      'config.invalid',
      'the task runner needs CHORUS_TASK_QUEUE_URL or CHORUS_WORKERS_QUEUE_URL',
    )
  const poller = makeSqsPoller({
    sqs: runtime.clients.sqs,
    queueUrl,
    handler: runtime.consumers.workers,
    region: runtime.config.region,
  })
  const summary = await drainUntilDeadline({
    poll: poller.pollOnce,
    remainingMs: () => context.getRemainingTimeInMillis(),
    reserveMs: runtime.config.taskReserveMs,
    maxWaitSeconds: runtime.config.taskWaitSeconds,
    beforeEach: runtime.prepare,
  })
  runtime.logger.info('task runner stopped', { ...summary })
  return summary
}
