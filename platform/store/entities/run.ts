import { boolean, Entity, item, list, map, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import { leaseAttributes } from '../lease.ts'
import type { ChorusTable } from '../table.ts'

export const RUN_STATUSES = ['requested', 'running', 'awaiting_approval', 'completed', 'failed'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

/** A run: one request and its lifecycle. Status moves forward only, by conditional writes. */
export const makeRunEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Run',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      status: string().enum(...RUN_STATUSES),
      request: string(),
      chatId: string().optional(),
      createdAt: string(),
      updatedAt: string(),
      output: string().optional(),
      /** Outbox: the id of the RunCompleted/RunFailed that reports the outcome. */
      terminalEventId: string().optional(),
      failure: map({ code: string(), message: string(), retryable: boolean() }).optional(),
      /** Single-writer lease of the run's supervisor: who holds it, until when (epoch ms), of which incarnation. */
      ...leaseAttributes,
      /**
       * Outbox: events the lease holder appended with its state change and has not yet routed to their
       * consumers; the next holder routes them again (a crash between the commit and the routing).
       */
      unrouted: list(string()).optional(),
      /** Which commit last changed the run's checkpoints: a supervisor that made it may trust its memory of them. */
      checkpointVersion: string().optional(),
      /** When the API stopped waiting for a sync run: its later events travel `async` (ADR 0003). */
      handedOverAt: string().optional(),
      /** Outbox: the id of the RunCancelRequested that asks the supervisor to stop the run. */
      cancelEventId: string().optional(),
      /** Outbox: the RunRequested draft (JSON) stored with the run, re-published when a crash kept it off the bus. */
      startEvent: string().optional(),
      /** The request asked that its plan wait for a person (`approval: "plan"`, ADR 0023). */
      approval: string().enum('plan').optional(),
      /** Outbox: the id of the ApprovalRequested that paused the run, and when the wait ends by itself. */
      approvalEventId: string().optional(),
      approvalExpiresAt: string().optional(),
      /** Outbox: the ApprovalDecided draft (JSON), written once; the first decision wins. */
      approvalDecision: string().optional(),
      /**
       * Double-texting (ADR 0029). A queued run keeps its RunRequested here instead of in `startEvent`
       * (so the start sweep leaves it alone) until `afterRunId` ends; the run before it names it in
       * `nextRunId`. `discardedAt`: a later message rolled the run back.
       */
      queuedStart: string().optional(),
      afterRunId: string().optional(),
      nextRunId: string().optional(),
      discardedAt: string().optional(),
      GSI1PK: string(),
      GSI1SK: string(),
      /** Runs by status; absent on runs created before the index existed. */
      GSI2PK: string().optional(),
      GSI2SK: string().optional(),
    }),
    computeKey: ({ tenantId, runId }) => keys.run(tenantId, runId),
  })
