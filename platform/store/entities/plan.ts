import { Entity, item, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/**
 * A validated plan of a run, stored as its JSON document; written once per revision. Revision 1 is
 * the planner's; revision 2 an edit approved with the run's approval (ADR 0023).
 */
export const makePlanEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Plan',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      revision: number().key(),
      planJson: string(),
      modelJson: string(),
      /** Outbox: the id of the PlanCreated that announces this plan. */
      eventId: string(),
      /** Why this plan must wait for a person (the planner's reasons, JSON); absent when it need not. */
      approvalJson: string().optional(),
      createdAt: string(),
    }),
    computeKey: ({ tenantId, runId, revision }) => keys.plan(tenantId, runId, revision),
  })
