import { Entity, item, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** A validated plan of a run, stored as its JSON document; written once per revision. */
export const makePlanEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Plan',
    table,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      revision: number().key(),
      planJson: string(),
      modelJson: string(),
      /** Outbox: the id of the PlanCreated that announces this plan. */
      eventId: string(),
      createdAt: string(),
    }),
    computeKey: ({ tenantId, runId, revision }) => keys.plan(tenantId, runId, revision),
  })
