import { $remove, GetItemCommand, PutItemCommand, UpdateItemCommand } from 'dynamodb-toolbox'
import { makeRunEntity } from './entities/run.ts'
import { makeRunResumptionEntity } from './entities/run-resumption.ts'
import { makeStepEntity } from './entities/step.ts'
import { gsi } from './keys.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

type RunKey = { tenantId: string; runId: string }

export interface Resumption {
  /** The id the run's RunResumed is published under (the same on every retry). */
  resumeEventId: string
  deadLetteredEventId: string
}

/**
 * Failed runs put back on their way when the dead letter that failed them is redriven (see
 * `services/api/core/dead-letters.ts`). Costs: one conditional put, one conditional update, and one
 * read when a retry finds the resumption stored already.
 */
export interface RunResumptions {
  /**
   * Moves a run that failed with the RunFailed `failedEventId` back to `running` (failure and
   * outcome id removed), recording once, beside the run, the id its RunResumed will carry. Safe to
   * repeat: a retry gets the same resumption, whether or not the first attempt moved the run.
   * The run moves only while its outcome is still that RunFailed.
   */
  resume(
    key: RunKey,
    input: { failedEventId: string; resumeEventId: string; deadLetteredEventId: string },
  ): Promise<Resumption>
  /**
   * Queues again a step its worker stopped because the run had ended (`aborted`, `run.ended`), under
   * a new TaskQueued id, not yet dispatched; false when the step is not in that state (one
   * conditional update).
   */
  requeueStep(key: RunKey & { stepId: string }, taskEventId: string): Promise<boolean>
}

export const makeRunResumptions = (
  table: ChorusTable,
  clock: () => Date = () => new Date(),
): RunResumptions => {
  const runs = makeRunEntity(table)
  const resumptions = makeRunResumptionEntity(table)
  const steps = makeStepEntity(table)

  const record = async (key: RunKey, input: Parameters<RunResumptions['resume']>[1]): Promise<Resumption> => {
    const item = { ...key, ...input, at: clock().toISOString() }
    try {
      await resumptions
        .build(PutItemCommand)
        .item(item)
        .options({ condition: { attr: 'resumeEventId', exists: false } })
        .send()
      return { resumeEventId: input.resumeEventId, deadLetteredEventId: input.deadLetteredEventId }
    } catch (error) {
      if (!isConditionalFailure(error)) throw error
    }
    const { Item } = await resumptions
      .build(GetItemCommand)
      .key({ ...key, failedEventId: input.failedEventId })
      .options({ consistent: true })
      .send()
    if (!Item) throw new Error(`the resumption of run ${key.runId} vanished`)
    return { resumeEventId: Item.resumeEventId, deadLetteredEventId: Item.deadLetteredEventId }
  }

  return {
    resume: async (key, input) => {
      const resumption = await record(key, input)
      try {
        await runs
          .build(UpdateItemCommand)
          .item({
            ...key,
            status: 'running',
            GSI2PK: gsi.runStatusPk(key.tenantId, 'running'),
            updatedAt: clock().toISOString(),
            failure: $remove(),
            terminalEventId: $remove(),
          })
          .options({
            condition: {
              and: [
                { attr: 'status', eq: 'failed' },
                { attr: 'terminalEventId', eq: input.failedEventId },
              ],
            },
          })
          .send()
      } catch (error) {
        // Moved by an earlier attempt (or since gone on): the stored resumption stands.
        if (!isConditionalFailure(error)) throw error
      }
      return resumption
    },

    requeueStep: async (key, taskEventId) => {
      try {
        await steps
          .build(UpdateItemCommand)
          .item({
            ...key,
            status: 'queued',
            taskEventId,
            dispatched: false,
            resultEventId: $remove(),
            error: $remove(),
            finishedAt: $remove(),
            // A claim of the delivery that ran it before must not keep the new one waiting.
            leaseOwner: $remove(),
            leaseUntil: $remove(),
            leaseIncarnation: $remove(),
            queuedAt: clock().toISOString(),
          })
          .options({
            condition: {
              and: [
                { attr: 'status', eq: 'aborted' },
                { attr: 'error.code', eq: 'run.ended' },
              ],
            },
          })
          .send()
        return true
      } catch (error) {
        if (isConditionalFailure(error)) return false
        throw error
      }
    },
  }
}
