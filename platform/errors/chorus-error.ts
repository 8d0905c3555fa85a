import { isChorusError } from '#events'
import { redactPaths } from './redact-paths.ts'

export {
  ChorusError,
  type ChorusErrorOptions,
  type ErrorCode as ChorusErrorCode,
  isChorusError,
} from '#events'

/**
 * Normalises anything thrown into a `{ code, message, retryable }` record safe to put in an event.
 * A foreign error's message (a library's, a custom module's) has its filesystem paths redacted.
 */
export const describeError = (error: unknown): { code: string; message: string; retryable: boolean } => {
  if (isChorusError(error)) return { code: error.code, message: error.message, retryable: error.retryable }
  // Input is parsed at the edge with `safeParse`; a schema error thrown inside is our own state
  // failing our own schema: a bug, which no retry mends.
  if (error instanceof Error && error.name === 'ZodError')
    return { code: 'internal.invalidState', message: redactPaths(error.message), retryable: false }
  if (error instanceof Error)
    return { code: 'internal', message: redactPaths(error.message), retryable: true }
  return { code: 'internal', message: redactPaths(String(error)), retryable: true }
}
