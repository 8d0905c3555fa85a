import { createLocalJWKSet, createRemoteJWKSet, errors, type JWK, type JWTPayload, jwtVerify } from 'jose'
import { TenantId } from '#events'
import { AuthError } from './auth-error.ts'

/** Where the token signing keys come from: a JWKS URL (Cognito: `<issuer>/.well-known/jwks.json`) or keys in hand. */
export type JwksSource = { url: string } | { keys: JWK[] }

export interface JwtVerifierOptions {
  /** The one trusted issuer (`iss`), e.g. `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  issuer: string
  /** Required `aud` when set, one of these when a list (Cognito ID tokens carry the app client id there). */
  audience?: string | string[]
  jwks: JwksSource
  /** The claim that names the caller's tenant (`custom:tenant` for a Cognito custom attribute). */
  tenantClaim: string
  clockToleranceSeconds?: number
}

/** A token that passed every check: who is calling, for which tenant, and all its claims. */
export interface VerifiedToken {
  subject: string
  tenantId: string
  claims: JWTPayload
}

export type JwtVerifier = (token: string) => Promise<VerifiedToken>

const ALGORITHMS = ['RS256', 'ES256']

const describe = (error: unknown): AuthError => {
  if (error instanceof errors.JWTExpired)
    return new AuthError('auth.expiredToken', 'token expired', { cause: error })
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim =
      error.claim === 'iss' ? 'issuer' : error.claim === 'aud' ? 'audience' : `claim ${error.claim}`
    return new AuthError('auth.invalidToken', `token ${claim} is not accepted`, { cause: error })
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
    return new AuthError('auth.invalidToken', 'token signature does not verify', { cause: error })
  return new AuthError('auth.invalidToken', 'token is malformed', { cause: error })
}

/**
 * Verifies bearer JWTs against a JWKS with `jose`: signature, algorithm, issuer, audience, expiry,
 * and a valid tenant in the tenant claim. Throws an {@link AuthError} naming what failed.
 * @example const verify = makeJwtVerifier({ issuer, jwks: { url }, tenantClaim: 'custom:tenant' })
 */
export const makeJwtVerifier = (options: JwtVerifierOptions): JwtVerifier => {
  const keys =
    'url' in options.jwks
      ? createRemoteJWKSet(new URL(options.jwks.url))
      : createLocalJWKSet({ keys: options.jwks.keys })
  return async (token) => {
    let claims: JWTPayload
    try {
      ;({ payload: claims } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        algorithms: ALGORITHMS,
        clockTolerance: options.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp', 'sub'],
        ...(options.audience ? { audience: options.audience } : {}),
      }))
    } catch (error) {
      throw describe(error)
    }
    const tenant = TenantId.safeParse(claims[options.tenantClaim])
    if (!tenant.success)
      throw new AuthError(
        'auth.invalidToken',
        `token has no valid ${options.tenantClaim} claim (a lowercase tenant slug)`,
      )
    return { subject: claims.sub as string, tenantId: tenant.data, claims }
  }
}
