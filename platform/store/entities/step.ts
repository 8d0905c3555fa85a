import { boolean, Entity, item, map, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import { leaseAttributes } from '../lease.ts'
import type { ChorusTable } from '../table.ts'

/** `aborted`: the step stopped unfinished because its run was cancelled or had ended (ADR 0015). */
export const STEP_STATUSES = ['queued', 'completed', 'failed', 'aborted'] as const
export type StepStatus = (typeof STEP_STATUSES)[number]

/** One step of a run: queued once by the supervisor, finished once by a worker (or aborted by a cancel). */
export const makeStepEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Step',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      stepId: string().key(),
      team: string(),
      status: string().enum(...STEP_STATUSES),
      inputJson: string(),
      /** Outbox: the id its TaskQueued is published under, and whether that happened. */
      taskEventId: string(),
      dispatched: boolean(),
      /** Outbox: the id of the StepCompleted/StepFailed/StepAborted that reports the outcome. */
      resultEventId: string().optional(),
      outputJson: string().optional(),
      error: map({ code: string(), message: string(), retryable: boolean() }).optional(),
      queuedAt: string(),
      finishedAt: string().optional(),
      /** The worker delivery that runs the step: who claimed it, until when (epoch ms), of which incarnation. */
      ...leaseAttributes,
    }),
    computeKey: ({ tenantId, runId, stepId }) => keys.step(tenantId, runId, stepId),
  })
