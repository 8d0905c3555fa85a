import { type Envelope, TaskQueued } from '#events'
import { ChorusError } from '#platform/errors/index.ts'
import type { Workers } from '../core/workers.ts'

/** The workers' queue consumer. */
export const workersConsumer =
  (workers: Workers) =>
  async (event: Envelope): Promise<void> => {
    if (TaskQueued.is(event)) return workers.onTaskQueued(event)
    throw new ChorusError('event.unknownName', `workers do not consume ${event.meta.name}`)
  }
