import { Entity, item, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** A version of a team definition; versions are never overwritten. */
export const makeTeamEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Team',
    table,
    schema: item({
      tenantId: string().key(),
      name: string().key(),
      version: number().key(),
      definitionJson: string(),
      createdAt: string(),
      GSI1PK: string(),
      GSI1SK: string(),
    }),
    computeKey: ({ tenantId, name, version }) => keys.team(tenantId, name, version),
  })
