import { type Envelope, RunRequested } from '#events'
import { ChorusError } from '#platform/errors/index.ts'
import type { Planner } from '../core/planner.ts'

/** The planner's queue consumer. */
export const plannerConsumer =
  (planner: Planner) =>
  async (event: Envelope): Promise<void> => {
    if (RunRequested.is(event)) return planner.onRunRequested(event)
    throw new ChorusError('event.unknownName', `the planner does not consume ${event.meta.name}`)
  }
