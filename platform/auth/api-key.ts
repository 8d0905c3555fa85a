import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ApiKeyStore } from '#platform/store/index.ts'

/** `ck_<keyId>_<secret>`: a public id (to find the record) and a secret (only its hash is stored). */
const API_KEY = /^ck_([0-9a-f]{16})_([0-9a-f]{64})$/

/** SHA-256 (hex) of a whole API key. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex')

/** The public id of a well-formed key, or undefined. */
export const apiKeyId = (key: string): string | undefined => API_KEY.exec(key)?.[1]

/** Mints a new key for a tenant and stores its hash; the key itself is returned once, never stored. */
export const issueApiKey = async (
  store: ApiKeyStore,
  tenantId: string,
  label: string,
): Promise<{ keyId: string; key: string }> => {
  for (;;) {
    const keyId = randomBytes(8).toString('hex')
    const key = `ck_${keyId}_${randomBytes(32).toString('hex')}`
    if (await store.put({ tenantId, keyId, hash: hashApiKey(key), label })) return { keyId, key }
  }
}

/** The key's id when it is a live key of this tenant; undefined otherwise (unknown, revoked, wrong tenant). */
export const verifyApiKey = async (
  store: ApiKeyStore,
  tenantId: string,
  key: string,
): Promise<string | undefined> => {
  const keyId = apiKeyId(key)
  if (!keyId) return undefined
  const record = await store.get(tenantId, keyId)
  if (!record || record.revokedAt) return undefined
  const presented = Buffer.from(hashApiKey(key), 'hex')
  const stored = Buffer.from(record.hash, 'hex')
  return presented.length === stored.length && timingSafeEqual(presented, stored) ? keyId : undefined
}
