import { join } from 'node:path'
import {
  credentialsFileIn,
  ensureDevIdentity,
  loadDevSigner,
  readCredentialsFile,
  saveTenantCredentials,
  tokenLive,
} from '#platform/auth/index.ts'
import { ChorusError, isChorusError } from '#platform/errors/index.ts'
import { openEmbeddedStore } from '#platform/store/embedded/engine.ts'
import { ensureTable, makeApiKeyStore, makeDynamoClients, makeTable } from '#platform/store/index.ts'
import type { Config } from './config.ts'

export interface DevLogin {
  tenantId: string
  token: string
  apiKey: string
  /** What this login did: created the tenant's credentials, renewed its token, or only selected it. */
  action: 'created' | 'renewed' | 'selected'
  credentialsFile: string
  tenants: string[]
}

/**
 * Creates a tenant's dev credentials with the store closed: the API key is written (hashed) to
 * the embedded table, so no running server may hold it.
 */
const create = async (config: Config, tenantId: string) => {
  let store: ReturnType<typeof openEmbeddedStore>
  try {
    store = openEmbeddedStore({ path: join(config.dataDir, 'store.sqlite'), sweepIntervalMs: 0 })
  } catch (error) {
    if (!isChorusError(error) || error.code !== 'store.locked') throw error
    throw new ChorusError(
      'config.invalid',
      `tenant ${tenantId} has no credentials yet, and a running Chorus holds the store of ${config.dataDir} ` +
        `where its API key must go: stop it and run chorus login --tenant ${tenantId} again, or restart it with ` +
        `CHORUS_TENANT=${tenantId} (the credentials of other tenants are kept)`,
      { cause: error },
    )
  }
  const { client, documentClient } = makeDynamoClients({ embedded: store })
  try {
    await ensureTable(client, config.tableName)
    return await ensureDevIdentity({
      dir: join(config.dataDir, 'auth'),
      tenantId,
      apiKeys: makeApiKeyStore(makeTable(documentClient, config.tableName)),
      tenantClaim: config.auth.tenantClaim,
    })
  } finally {
    client.destroy()
    store.close()
  }
}

/**
 * `chorus login --tenant <id>` on the local install: selects the tenant's dev credentials, renews
 * its token when it is about to expire (the dev signing key is at hand), and creates the
 * credentials when the tenant has none (only while no server holds the store). Refused when an
 * outside identity provider issues the tokens: dev tokens would not be accepted. `select: false`
 * (`chorus env`) leaves the selected tenant as it is.
 */
export const devLogin = async (
  config: Config,
  tenantId: string,
  options: { select?: boolean } = {},
): Promise<DevLogin> => {
  if (config.auth.issuer)
    throw new ChorusError(
      'config.invalid',
      `tokens come from ${config.auth.issuer}, not the dev identity: set CHORUS_TOKEN and CHORUS_API_KEY`,
    )
  const dir = join(config.dataDir, 'auth')
  const credentialsFile = credentialsFileIn(dir)
  const stored = (await readCredentialsFile(credentialsFile)).tenants[tenantId]
  if (!stored) {
    const made = await create(config, tenantId)
    return { ...made.credentials, action: 'created', credentialsFile, tenants: made.tenants }
  }
  const renew = !tokenLive(stored.token)
  const token = renew
    ? await (await loadDevSigner(dir, config.auth.tenantClaim, { create: false })).mintToken({ tenantId })
    : stored.token
  const saved = await saveTenantCredentials(
    credentialsFile,
    tenantId,
    { ...stored, token },
    { select: options.select ?? true },
  )
  return {
    tenantId,
    token,
    apiKey: stored.apiKey,
    action: renew ? 'renewed' : 'selected',
    credentialsFile,
    tenants: Object.keys(saved.tenants).sort(),
  }
}
