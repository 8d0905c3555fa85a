import { type ErrorCode, type EventErrorCode, retryableByDefault } from './error-codes.ts'

/** The one brand of a Chorus error: a registered symbol, so a guard recognises errors of any bundle. */
const BRAND: unique symbol = Symbol.for('chorus.error') as never

export interface ChorusErrorOptions {
  /** Whether trying the same thing again may succeed; defaults to the code's (`ERROR_CODES`). */
  retryable?: boolean
  cause?: unknown
  /** Structured detail safe to show a client (never secrets). */
  details?: Record<string, unknown>
}

/**
 * The one error type of Chorus: a code, a message, and whether a retry helps. Each module's error
 * (`EventContractError`, `AuthError`, `ApiError`) extends it with its own codes and fields.
 * @example throw new ChorusError('store.conflict', `run ${runId} changed meanwhile`, { retryable: true })
 */
export class ChorusError<Code extends ErrorCode = ErrorCode> extends Error {
  readonly [BRAND] = true
  readonly code: Code
  readonly retryable: boolean
  readonly details: Record<string, unknown> | undefined

  constructor(code: Code, message: string, options: ChorusErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ChorusError'
    this.code = code
    this.retryable = options.retryable ?? retryableByDefault(code)
    this.details = options.details
  }
}

/**
 * Whether `error` is a Chorus error, of any module and any bundle (no `instanceof`); narrows to its
 * code, retryability and details. Pass `prefix` to narrow to one module's codes (`'auth.'`).
 */
export function isChorusError(error: unknown): error is ChorusError
export function isChorusError<P extends string>(
  error: unknown,
  prefix: P,
): error is ChorusError<Extract<ErrorCode, `${P}${string}`>>
export function isChorusError(error: unknown, prefix = ''): boolean {
  if (typeof error !== 'object' || error === null) return false
  const code = (error as { code?: unknown }).code
  return (
    (error as Record<symbol, unknown>)[BRAND] === true && typeof code === 'string' && code.startsWith(prefix)
  )
}

/** A broken event contract; never retryable: the same input fails the same way. */
export class EventContractError extends ChorusError<EventErrorCode> {
  /** Each problem as `path: message`, e.g. `data.plan.steps.0.team: must be a lowercase slug`. */
  readonly problems: string[]

  constructor(code: EventErrorCode, problems: string[]) {
    super(code, problems.join('; '), { retryable: false })
    this.name = 'EventContractError'
    this.problems = problems
  }
}
