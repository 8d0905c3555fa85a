import { Entity, item, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** An API key of a tenant: its public id and the SHA-256 of the whole key, never the key itself. */
export const makeApiKeyEntity = (table: ChorusTable) =>
  new Entity({
    name: 'ApiKey',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      keyId: string().key(),
      hash: string(),
      label: string(),
      createdAt: string(),
      revokedAt: string().optional(),
    }),
    computeKey: ({ tenantId, keyId }) => keys.apiKey(tenantId, keyId),
  })
