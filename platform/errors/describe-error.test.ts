import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ChorusError, describeError } from './chorus-error.ts'

describe('describeError', () => {
  it('keeps the code and retryability of a Chorus error', () => {
    expect(describeError(new ChorusError('lease.held', 'run r is held', { retryable: true }))).toEqual({
      code: 'lease.held',
      message: 'run r is held',
      retryable: true,
    })
  })

  it('classes a schema error thrown inside as a bug on our own state, which no retry mends', () => {
    const thrown = (() => {
      try {
        z.object({ seq: z.number() }).parse({ seq: 'one' })
      } catch (error) {
        return error
      }
    })()
    expect(describeError(thrown)).toMatchObject({ code: 'internal.invalidState', retryable: false })
  })

  it('lets any other foreign error be retried', () => {
    expect(describeError(new Error('socket hang up'))).toEqual({
      code: 'internal',
      message: 'socket hang up',
      retryable: true,
    })
  })
})
