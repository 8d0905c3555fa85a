import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { ensureDevIdentity, issueApiKey, makeAuthorizer, makeJwtVerifier } from '#platform/auth/index.ts'
import { type ChorusTable, makeApiKeyStore } from '#platform/store/index.ts'
import type { Config } from './config.ts'

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Auth of the embedded runtime: every request but `/health` needs a bearer JWT (verified against
 * `CHORUS_AUTH_JWKS_URL` when set, else the dev signing key) and an API key of the token's tenant.
 * The dev identity (signing key, token, API key) is created on first start under `<data dir>/auth`.
 */
export const makeLocalAuth = async ({ config, table }: { config: Config; table: ChorusTable }) => {
  const apiKeys = makeApiKeyStore(table)
  const { tenantClaim, issuer, jwksUrl, audience } = config.auth
  const dev = await ensureDevIdentity({
    dir: join(config.dataDir, 'auth'),
    tenantId: config.tenantId,
    apiKeys,
    tenantClaim,
  })
  const verifyToken = makeJwtVerifier(
    jwksUrl && issuer
      ? { issuer, jwks: { url: jwksUrl }, tenantClaim, ...(audience ? { audience } : {}) }
      : { issuer: dev.issuer, audience: dev.audience, jwks: dev.jwks, tenantClaim },
  )
  const authorizer = makeAuthorizer({ verifyToken, apiKeys })
  return {
    /** What the local server calls for every request that needs credentials. */
    authorize: async (req: IncomingMessage): Promise<Record<string, string>> => ({
      ...(await authorizer({
        authorization: header(req, 'authorization'),
        apiKey: header(req, 'x-api-key'),
      })),
    }),
    /** The dev credentials, whether this start created them, and where they are kept. */
    dev,
    /** Issues an API key for any tenant (tests, operators); returns the key once. */
    issueApiKey: (tenantId: string, label = 'issued locally') => issueApiKey(apiKeys, tenantId, label),
  }
}

export type LocalAuth = Awaited<ReturnType<typeof makeLocalAuth>>
