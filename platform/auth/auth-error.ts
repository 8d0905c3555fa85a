import { type AuthErrorCode, ChorusError, httpStatusOf, isChorusError } from '#events'

export type { AuthErrorCode }

/**
 * A request without valid credentials. Token problems answer 401 (authenticate again), API key
 * problems 403 (as API Gateway does for a missing or unknown key), by `ERROR_CODES`; never retryable.
 */
export class AuthError extends ChorusError<AuthErrorCode> {
  readonly statusCode: 401 | 403

  constructor(code: AuthErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, retryable: false })
    this.name = 'AuthError'
    this.statusCode = httpStatusOf(code) as 401 | 403
  }
}

/** Guard that works across bundles (no `instanceof`): a Chorus error with an `auth.` code. */
export const isAuthError = (error: unknown): error is AuthError =>
  isChorusError(error, 'auth.') && typeof (error as { statusCode?: unknown }).statusCode === 'number'
