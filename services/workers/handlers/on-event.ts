import { type Envelope, TaskQueued } from '#events'
import { ChorusError } from '#platform/errors/index.ts'
import type { TransactItem } from '#platform/store/index.ts'
import type { Workers } from '../core/workers.ts'

/**
 * The workers' queue consumer. `done` is the consumer's record of this event: a TaskQueued stores it
 * with the step's outcome (its step's claim keeps duplicate deliveries apart).
 */
export const workersConsumer =
  (workers: Workers) =>
  async (event: Envelope, done?: TransactItem): Promise<void> => {
    if (TaskQueued.is(event)) return workers.onTaskQueued(event, done)
    throw new ChorusError('event.unknownName', `workers do not consume ${event.meta.name}`)
  }
