/** What a code means to a caller: the HTTP status it answers with, and whether a retry helps by default. */
export interface ErrorSpec {
  /** The HTTP status an API answers with; 500 (details hidden) for anything the caller cannot fix. */
  readonly status: number
  /** Whether trying the same thing again may succeed, when the raiser does not say (it may know better). */
  readonly retryable: boolean
}

const client = (status: number): ErrorSpec => ({ status, retryable: false })
const server = (retryable = false): ErrorSpec => ({ status: 500, retryable })

/** events/: a broken event contract. */
const EVENT_ERRORS = {
  'event.unknownName': client(400),
  'event.unknownVersion': client(400),
  'event.invalid': client(400),
  'event.tooLarge': client(413),
} as const satisfies Record<string, ErrorSpec>

/** platform/auth: token problems 401 (authenticate again), API key problems 403 (as API Gateway answers). */
const AUTH_ERRORS = {
  'auth.missingToken': client(401),
  'auth.invalidToken': client(401),
  'auth.expiredToken': client(401),
  'auth.missingApiKey': client(403),
  'auth.invalidApiKey': client(403),
} as const satisfies Record<string, ErrorSpec>

/** services/api: a request the API understood and refuses. */
const API_ERRORS = {
  'chat.notFound': client(404),
  'chat.exists': client(409),
  'chat.busy': client(409),
  'run.notFound': client(404),
  'run.alreadyEnded': client(409),
  'team.notFound': client(404),
  'team.exists': client(409),
  'team.invalid': client(400),
  'trigger.notFound': client(404),
  'trigger.exists': client(409),
  'deadLetter.notFound': client(404),
  'anchor.notFound': client(404),
  'output.notFound': client(404),
  'request.invalid': client(400),
  'request.tooLarge': client(413),
  'request.headersTooLarge': client(431),
  'request.parameterTooLarge': client(400),
  'request.invalidUnicode': client(400),
  'request.timeout': client(408),
  'idempotency.invalidKey': client(400),
  'idempotency.inProgress': { status: 409, retryable: true },
  'idempotency.mismatch': client(422),
  'approval.notAwaited': client(409),
  'approval.alreadyDecided': client(409),
  'plan.invalid': client(400),
} as const satisfies Record<string, ErrorSpec>

/** platform/ and services/: failures inside Chorus, and the servers' own refusals (`http.*`). */
const INTERNAL_ERRORS = {
  'http.badRequest': client(400),
  'http.notFound': client(404),
  'config.invalid': server(),
  'store.conflict': server(true),
  'store.notFound': server(),
  'store.locked': server(),
  'checkpoint.conflict': server(true),
  'checkpoint.invalidConfig': server(),
  'checkpoint.missingValue': server(),
  'blob.invalidKey': server(),
  'model.failed': server(),
  'model.invalidOutput': server(),
  'model.aborted': server(),
  'team.failed': server(),
  'team.invalidOutput': server(),
  'team.moduleRefused': server(),
  'step.failed': server(),
  'budget.exceeded': server(),
  'projection.gap': server(true),
  'anchor.failed': server(),
  'anchor.conflict': server(true),
  'queue.exhausted': server(),
  'queue.invalidRecord': server(),
  'queue.locked': server(),
  'runtime.dataDirInUse': server(),
  'lease.held': server(true),
  'bus.publishFailed': server(),
  'bus.payloadMissing': server(),
  'secret.notFound': server(),
  'secret.unavailable': server(true),
  'tool.pathRefused': server(),
  'tool.addressRefused': server(),
  'tool.failed': server(),
  'tool.tooLarge': server(),
  'tool.timeout': server(true),
  'tool.notFound': server(),
  internal: server(),
  'internal.invalidState': server(),
} as const satisfies Record<string, ErrorSpec>

/**
 * Every error code Chorus raises, in one table of sections by the module that raises them: the API,
 * the embedded server and the authorizer answer from it. Missing → 404, taken or in the wrong state →
 * 409, invalid → 400; an internal failure is a 500 whose details the client never sees.
 */
export const ERROR_CODES = {
  ...EVENT_ERRORS,
  ...AUTH_ERRORS,
  ...API_ERRORS,
  ...INTERNAL_ERRORS,
} as const satisfies Record<string, ErrorSpec>

export type EventErrorCode = keyof typeof EVENT_ERRORS
export type AuthErrorCode = keyof typeof AUTH_ERRORS
export type ApiErrorCode = keyof typeof API_ERRORS

/** A dotted error code (`module.problem`): a key of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES

const specs: Readonly<Record<string, ErrorSpec | undefined>> = ERROR_CODES

/** The HTTP status of a code; 500 for a code Chorus does not know (a foreign error's). */
export const httpStatusOf = (code: string): number => specs[code]?.status ?? 500

/** Whether a retry helps by default for a code; false for a code Chorus does not know. */
export const retryableByDefault = (code: string): boolean => specs[code]?.retryable ?? false
