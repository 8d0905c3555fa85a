import { describe, expect, it } from 'vitest'
import { isChorusError } from '#platform/errors/index.ts'
import { AuthError, isAuthError } from './auth-error.ts'

describe('AuthError', () => {
  it('answers 401 for a token problem and 403 for an API key problem, never retryable', () => {
    expect(new AuthError('auth.expiredToken', 'expired').statusCode).toBe(401)
    expect(new AuthError('auth.invalidApiKey', 'unknown key').statusCode).toBe(403)
    expect(new AuthError('auth.missingToken', 'no token').retryable).toBe(false)
  })

  it('is a Chorus error; isAuthError takes no other module error for it', () => {
    const error: unknown = new AuthError('auth.invalidToken', 'bad signature')
    expect(isChorusError(error) && error.code).toBe('auth.invalidToken')
    expect(isAuthError(error)).toBe(true)
    expect(isAuthError(new Error('auth.invalidToken'))).toBe(false)
  })
})
