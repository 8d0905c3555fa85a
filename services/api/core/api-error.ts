const BRAND: unique symbol = Symbol.for('chorus.error') as never

/** What went wrong with a request the API understood; the code decides the HTTP status. */
export type ApiErrorCode =
  | 'chat.notFound'
  | 'chat.exists'
  | 'chat.busy'
  | 'run.notFound'
  | 'run.alreadyEnded'
  | 'team.notFound'
  | 'team.exists'
  | 'team.invalid'
  | 'trigger.notFound'
  | 'trigger.exists'
  | 'deadLetter.notFound'
  | 'anchor.notFound'
  | 'output.notFound'
  | 'request.invalid'
  | 'request.tooLarge'
  | 'request.headersTooLarge'
  | 'request.parameterTooLarge'
  | 'request.invalidUnicode'
  | 'request.timeout'
  | 'idempotency.invalidKey'
  | 'idempotency.inProgress'
  | 'idempotency.mismatch'
  | 'approval.notAwaited'
  | 'approval.alreadyDecided'
  | 'plan.invalid'

/** The HTTP status of each code: missing → 404, taken or in the wrong state → 409, invalid → 400. */
export const STATUS_OF_API_CODE: Record<ApiErrorCode, number> = {
  'chat.notFound': 404,
  'chat.exists': 409,
  'chat.busy': 409,
  'run.notFound': 404,
  'run.alreadyEnded': 409,
  'team.notFound': 404,
  'team.exists': 409,
  'team.invalid': 400,
  'trigger.notFound': 404,
  'trigger.exists': 409,
  'deadLetter.notFound': 404,
  'anchor.notFound': 404,
  'output.notFound': 404,
  'request.invalid': 400,
  'request.tooLarge': 413,
  'request.headersTooLarge': 431,
  'request.parameterTooLarge': 400,
  'request.invalidUnicode': 400,
  'request.timeout': 408,
  'idempotency.invalidKey': 400,
  'idempotency.inProgress': 409,
  'idempotency.mismatch': 422,
  'approval.notAwaited': 409,
  'approval.alreadyDecided': 409,
  'plan.invalid': 400,
}

/**
 * An expected failure of an API core function, safe to show the caller: a code, a message
 * naming the problem, and (for validation) every problem found. Branded like every Chorus error.
 */
export class ApiError extends Error {
  readonly [BRAND] = true
  readonly retryable: boolean
  readonly code: ApiErrorCode
  readonly statusCode: number
  readonly problems: string[]
  readonly headers: Record<string, string>

  constructor(
    code: ApiErrorCode,
    message: string,
    options: { problems?: string[]; retryable?: boolean; headers?: Record<string, string> } = {},
  ) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.statusCode = STATUS_OF_API_CODE[code]
    this.retryable = options.retryable ?? false
    this.problems = options.problems ?? []
    this.headers = options.headers ?? {}
  }
}

/** `<what> <id> not found`, with the code of its kind. */
export const notFound = (kind: 'chat' | 'run' | 'team' | 'trigger' | 'anchor', id: string) =>
  new ApiError(`${kind}.notFound`, `${kind} ${id} not found`)
