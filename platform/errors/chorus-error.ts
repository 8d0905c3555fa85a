import { redactPaths } from './redact-paths.ts'

/** Dotted error codes, grouped by the module that raises them. */
export type ChorusErrorCode =
  | 'config.invalid'
  | 'event.unknownName'
  | 'event.unknownVersion'
  | 'event.invalid'
  | 'store.conflict'
  | 'store.notFound'
  | 'store.locked'
  | 'checkpoint.conflict'
  | 'checkpoint.invalidConfig'
  | 'checkpoint.missingValue'
  | 'blob.invalidKey'
  | 'plan.invalid'
  | 'model.failed'
  | 'model.invalidOutput'
  | 'model.aborted'
  | 'team.notFound'
  | 'team.failed'
  | 'step.failed'
  | 'projection.gap'
  | 'anchor.failed'
  | 'anchor.conflict'
  | 'queue.exhausted'
  | 'queue.invalidRecord'
  | 'queue.locked'
  | 'runtime.dataDirInUse'
  | 'lease.held'
  | 'bus.publishFailed'
  | 'bus.payloadMissing'
  | 'secret.notFound'
  | 'secret.unavailable'
  | 'tool.pathRefused'
  | 'tool.addressRefused'
  | 'tool.failed'
  | 'tool.tooLarge'
  | 'tool.timeout'
  | 'tool.notFound'
  | 'team.invalidOutput'
  | 'team.moduleRefused'
  | 'http.badRequest'
  | 'http.notFound'
  | 'internal'
  | 'internal.invalidState'

export interface ChorusErrorOptions {
  /** Whether trying the same thing again may succeed. */
  retryable?: boolean
  cause?: unknown
  /** Structured detail safe to show a client (never secrets). */
  details?: Record<string, unknown>
}

const BRAND: unique symbol = Symbol.for('chorus.error') as never

/** The one error type of Chorus: a code, a message, and whether a retry helps. */
export class ChorusError extends Error {
  readonly [BRAND] = true
  readonly code: ChorusErrorCode
  readonly retryable: boolean
  readonly details: Record<string, unknown> | undefined

  constructor(code: ChorusErrorCode, message: string, options: ChorusErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ChorusError'
    this.code = code
    this.retryable = options.retryable ?? false
    this.details = options.details
  }
}

/** Guard that works across bundles (no `instanceof`). */
export const isChorusError = (error: unknown): error is ChorusError =>
  typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true

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
