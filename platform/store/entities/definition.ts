import { Entity, item, number, string } from 'dynamodb-toolbox'
import { type DefinitionKind, keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** A version of a definition kept as data (its kind is in the key); versions are written once, never overwritten. */
export const makeDefinitionEntity = (table: ChorusTable, kind: DefinitionKind) =>
  new Entity({
    name: 'Definition',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      name: string().key(),
      version: number().key(),
      definitionJson: string(),
      createdAt: string(),
      GSI1PK: string(),
      GSI1SK: string(),
    }),
    computeKey: ({ tenantId, name, version }) => keys.definition(tenantId, kind, name, version),
  })
