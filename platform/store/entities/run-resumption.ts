import { Entity, item, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/**
 * A failed run put back on its way: which RunFailed it undoes, the dead-lettered event whose redrive
 * did it, and (outbox) the id its RunResumed is published under.
 */
export const makeRunResumptionEntity = (table: ChorusTable) =>
  new Entity({
    name: 'RunResumption',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      failedEventId: string().key(),
      resumeEventId: string(),
      deadLetteredEventId: string(),
      at: string(),
    }),
    computeKey: ({ tenantId, runId, failedEventId }) => keys.runResumption(tenantId, runId, failedEventId),
  })
