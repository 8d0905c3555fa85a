import { Entity, item, number, string } from 'dynamodb-toolbox'
import { runPk } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** A read model of one run under a name (`live`, or `replay#<name>`), with the seq it is built up to. */
export const makeProjectionEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Projection',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      view: string().key(),
      lastSeq: number(),
      stateJson: string(),
      updatedAt: string(),
    }),
    computeKey: ({ tenantId, runId, view }) => ({ PK: runPk(tenantId, runId), SK: `VIEW#${view}` }),
  })
