import { PutItemCommand } from 'dynamodb-toolbox'
import { makeApiKeyEntity } from './entities/api-key.ts'
import { rawGet } from './raw-read.ts'
import { ApiKeyItem } from './stored-items.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

export interface ApiKeyRecord {
  tenantId: string
  keyId: string
  /** SHA-256 (hex) of the whole key. */
  hash: string
  label: string
  createdAt: string
  revokedAt?: string
}

/** API keys of each tenant, stored hashed; `platform/auth` mints and checks them. */
export interface ApiKeyStore {
  /** Stores a new key; false when the id is taken. */
  put(record: Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'>): Promise<boolean>
  get(tenantId: string, keyId: string): Promise<ApiKeyRecord | undefined>
}

export const makeApiKeyStore = (table: ChorusTable, clock: () => Date = () => new Date()): ApiKeyStore => {
  const apiKeys = makeApiKeyEntity(table)
  return {
    put: async (record) => {
      try {
        await apiKeys
          .build(PutItemCommand)
          .item({ ...record, createdAt: clock().toISOString() })
          .options({ condition: { attr: 'keyId', exists: false } })
          .send()
        return true
      } catch (error) {
        if (isConditionalFailure(error)) return false
        throw error
      }
    },
    get: async (tenantId, keyId) => {
      // Read on every request: sent without toolbox's parser (ADR 0038, `raw-api-ops.int.test.ts`).
      const Item = await rawGet(apiKeys, { tenantId, keyId }, ApiKeyItem)
      if (!Item) return undefined
      const { tenantId: t, keyId: k, hash, label, createdAt, revokedAt } = Item
      return { tenantId: t, keyId: k, hash, label, createdAt, ...(revokedAt ? { revokedAt } : {}) }
    },
  }
}
