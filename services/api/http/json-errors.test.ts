import { createError } from '@middy/util'
import { describe, expect, it } from 'vitest'
import { ChorusError, EventContractError } from '#events'
import { AuthError } from '#platform/auth/index.ts'
import { silentLogger } from '#platform/log/index.ts'
import { ApiError } from '../core/api-error.ts'
import { type HttpRequest, jsonErrors } from './middleware.ts'

/** The answer `jsonErrors` gives for a thrown error: status and parsed body. */
const answer = (error: unknown) => {
  const request = { event: { path: '/runs' }, error, response: undefined } as unknown as HttpRequest
  jsonErrors({ logger: silentLogger }).onError?.(request)
  const response = request.response as { statusCode: number; body: string; headers: Record<string, string> }
  return { status: response.statusCode, body: JSON.parse(response.body), headers: response.headers }
}

describe('jsonErrors answers every module error from the one code table', () => {
  it('an API error: its status, code, message and problems', () => {
    const error = new ApiError('chat.busy', 'chat c1 is busy with run r1', {
      problems: ['activeRunId: r1'],
      headers: { location: '/runs/r1' },
    })
    expect(answer(error)).toMatchObject({
      status: 409,
      body: {
        error: { code: 'chat.busy', message: 'chat c1 is busy with run r1', problems: ['activeRunId: r1'] },
      },
      headers: { location: '/runs/r1' },
    })
  })

  it('an event contract error: 400 (413 too large) with each problem', () => {
    const error = new EventContractError('event.invalid', ['data.team: must be a lowercase slug'])
    expect(answer(error)).toEqual(
      expect.objectContaining({
        status: 400,
        body: {
          error: {
            code: 'event.invalid',
            message: 'data.team: must be a lowercase slug',
            problems: ['data.team: must be a lowercase slug'],
          },
        },
      }),
    )
    expect(answer(new EventContractError('event.tooLarge', ['too big'])).status).toBe(413)
  })

  it('an auth error: 401 for a token, 403 for an API key', () => {
    expect(answer(new AuthError('auth.expiredToken', 'expired')).status).toBe(401)
    expect(answer(new AuthError('auth.missingApiKey', 'no key')).status).toBe(403)
  })

  it('an internal failure: 500 with no detail', () => {
    expect(answer(new ChorusError('store.conflict', 'run r1 changed', { retryable: true }))).toMatchObject({
      status: 500,
      body: { error: { code: 'internal', message: 'internal error' } },
    })
  })

  it('a middy HTTP error: its status, code http.<status>', () => {
    expect(answer(createError(400, 'body.x: required', { expose: true }))).toMatchObject({
      status: 400,
      body: { error: { code: 'http.400', message: 'body.x: required' } },
    })
  })
})
