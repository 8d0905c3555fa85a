import { describe, expect, it } from 'vitest'
import { ERROR_CODES, httpStatusOf } from './error-codes.ts'
import { ChorusError, EventContractError, isChorusError } from './errors.ts'

describe('the one Chorus error', () => {
  it('takes its retryability from the code unless the raiser says', () => {
    expect(new ChorusError('lease.held', 'held').retryable).toBe(true)
    expect(new ChorusError('config.invalid', 'bad').retryable).toBe(false)
    expect(new ChorusError('model.failed', 'upstream 503', { retryable: true }).retryable).toBe(true)
  })

  it('recognises a module error and narrows it to its code', () => {
    const error: unknown = new EventContractError('event.invalid', ['data.x: required'])
    expect(isChorusError(error)).toBe(true)
    expect(isChorusError(error, 'event.') && error.code).toBe('event.invalid')
    expect(isChorusError(error, 'auth.')).toBe(false)
  })

  it('recognises an error of another bundle by the registered brand, and nothing without it', () => {
    const foreign = Object.assign(new Error('elsewhere'), {
      [Symbol.for('chorus.error')]: true,
      code: 'store.conflict',
      retryable: true,
    })
    expect(isChorusError(foreign)).toBe(true)
    expect(isChorusError(Object.assign(new Error('look-alike'), { code: 'store.conflict' }))).toBe(false)
    expect(isChorusError('store.conflict')).toBe(false)
  })
})

describe('ERROR_CODES', () => {
  it('gives every code a dotted name and an HTTP error status', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(code, code).toMatch(/^(internal|[a-z][A-Za-z]*\.[a-z][A-Za-z]*)$/)
      expect(spec.status, code).toBeGreaterThanOrEqual(400)
      expect(spec.status, code).toBeLessThan(600)
    }
  })

  it('answers 500 for a code it does not know', () => {
    expect(httpStatusOf('chat.busy')).toBe(409)
    expect(httpStatusOf('store.conflict')).toBe(500)
    expect(httpStatusOf('nobody.knows')).toBe(500)
  })
})
