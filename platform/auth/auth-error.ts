const BRAND: unique symbol = Symbol.for('chorus.error') as never

export type AuthErrorCode =
  | 'auth.missingToken'
  | 'auth.invalidToken'
  | 'auth.expiredToken'
  | 'auth.missingApiKey'
  | 'auth.invalidApiKey'

/**
 * A request without valid credentials. Token problems answer 401 (authenticate again), API key
 * problems 403 (as API Gateway does for a missing or unknown key). Branded like every Chorus
 * error, so `isChorusError` recognises it; never retryable.
 */
export class AuthError extends Error {
  readonly [BRAND] = true
  readonly retryable = false
  readonly code: AuthErrorCode
  readonly statusCode: 401 | 403

  constructor(code: AuthErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AuthError'
    this.code = code
    this.statusCode = code.endsWith('ApiKey') ? 403 : 401
  }
}

/** Guard that works across bundles (no `instanceof`). */
export const isAuthError = (error: unknown): error is AuthError =>
  typeof error === 'object' &&
  error !== null &&
  (error as Record<symbol, unknown>)[BRAND] === true &&
  typeof (error as { code?: unknown }).code === 'string' &&
  (error as { code: string }).code.startsWith('auth.')
