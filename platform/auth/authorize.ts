import type { ApiKeyStore } from '#platform/store/index.ts'
import { verifyApiKey } from './api-key.ts'
import { AuthError } from './auth-error.ts'
import type { JwtVerifier } from './jwt-verifier.ts'

/** The credentials of a request, as read from its headers. */
export interface Credentials {
  /** The `Authorization` header. */
  authorization?: string | undefined
  /** The `x-api-key` header. */
  apiKey?: string | undefined
}

/**
 * What an authorizer hands the handlers, in API Gateway's `requestContext.authorizer` (the shape
 * a Lambda authorizer returns): the caller, their tenant, and the API key they used.
 */
export interface AuthorizerContext {
  principalId: string
  tenantId: string
  apiKeyId: string
}

export interface AuthorizerDeps {
  verifyToken: JwtVerifier
  apiKeys: ApiKeyStore
}

const BEARER = /^Bearer\s+(\S+)$/i

/**
 * Checks a request's bearer JWT, then its API key against the token's tenant. The embedded
 * runtime calls it for every request but `/health`; on AWS, API Gateway does these checks.
 * Throws an {@link AuthError}: 401 for the token, 403 for the key.
 */
export const makeAuthorizer =
  ({ verifyToken, apiKeys }: AuthorizerDeps) =>
  async ({ authorization, apiKey }: Credentials): Promise<AuthorizerContext> => {
    if (!authorization)
      throw new AuthError('auth.missingToken', 'missing Authorization: Bearer <token> header')
    const token = BEARER.exec(authorization)?.[1]
    if (!token) throw new AuthError('auth.invalidToken', 'Authorization header must be "Bearer <token>"')
    const { subject, tenantId } = await verifyToken(token)
    if (!apiKey) throw new AuthError('auth.missingApiKey', 'missing x-api-key header')
    const apiKeyId = await verifyApiKey(apiKeys, tenantId, apiKey)
    if (!apiKeyId) throw new AuthError('auth.invalidApiKey', 'API key is not valid for this tenant')
    return { principalId: subject, tenantId, apiKeyId }
  }

export type Authorizer = ReturnType<typeof makeAuthorizer>
