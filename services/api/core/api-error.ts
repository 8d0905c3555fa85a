import { type ApiErrorCode, ChorusError, httpStatusOf } from '#events'

/** What went wrong with a request the API understood; `ERROR_CODES` gives each its HTTP status. */
export type { ApiErrorCode }

/**
 * An expected failure of an API core function, safe to show the caller: a code, a message
 * naming the problem, and (for validation) every problem found.
 */
export class ApiError extends ChorusError<ApiErrorCode> {
  readonly statusCode: number
  readonly problems: string[]
  readonly headers: Record<string, string>

  constructor(
    code: ApiErrorCode,
    message: string,
    options: { problems?: string[]; retryable?: boolean; headers?: Record<string, string> } = {},
  ) {
    super(code, message, { retryable: options.retryable ?? false })
    this.name = 'ApiError'
    this.statusCode = httpStatusOf(code)
    this.problems = options.problems ?? []
    this.headers = options.headers ?? {}
  }
}

/** `<what> <id> not found`, with the code of its kind. */
export const notFound = (kind: 'chat' | 'run' | 'team' | 'trigger' | 'anchor', id: string) =>
  new ApiError(`${kind}.notFound`, `${kind} ${id} not found`)
