import type middy from '@middy/core'
import { createError } from '@middy/util'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import type { z } from 'zod'
import { type Actor, TenantId } from '#events'
import { isChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'

export type HttpRequest = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>

/** A JSON response with the headers every Chorus answer carries. */
export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
})

const formatIssues = (issues: readonly z.core.$ZodIssue[], prefix: string) =>
  issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.')}: ${i.message}`).join('; ')

/** Validates the parsed JSON body; a mismatch is a 400 naming every bad field. */
export const zodBody = <S extends z.ZodType>(schema: S): middy.MiddlewareObj<APIGatewayProxyEvent> => ({
  before: (request) => {
    const parsed = schema.safeParse(request.event.body)
    if (!parsed.success) throw createError(400, formatIssues(parsed.error.issues, 'body'), { expose: true })
    ;(request.event as { body: unknown }).body = parsed.data
  },
})

/** Reads a path parameter through its schema; a bad value is a 400 naming the parameter. */
export const pathParam = <S extends z.ZodType>(
  event: APIGatewayProxyEvent,
  name: string,
  schema: S,
): z.infer<S> => {
  const parsed = schema.safeParse(event.pathParameters?.[name])
  if (!parsed.success) throw createError(400, formatIssues(parsed.error.issues, name), { expose: true })
  return parsed.data
}

/**
 * The caller, from the authorizer context. API Gateway fills it on AWS; the local server fills
 * it for the embedded runtime. No tenant means no access.
 */
export const callerOf = (event: APIGatewayProxyEvent): { tenantId: string; actor: Actor } => {
  const context = event.requestContext?.authorizer ?? {}
  const tenant = TenantId.safeParse(context.tenantId)
  if (!tenant.success) throw createError(401, 'missing or invalid credentials', { expose: true })
  const principal = typeof context.principalId === 'string' ? context.principalId : 'anonymous'
  const sourceIp = event.requestContext?.identity?.sourceIp
  return {
    tenantId: tenant.data,
    actor: { kind: 'user', id: principal, ...(sourceIp ? { sourceIp } : {}) },
  }
}

const STATUS_OF_CODE: Record<string, number> = {
  'http.badRequest': 400,
  'http.notFound': 404,
  'event.invalid': 400,
  'event.unknownName': 400,
  'event.unknownVersion': 400,
  'event.tooLarge': 413,
}

/**
 * Turns every error into a JSON answer `{ error: { code, message } }`. Client errors say what
 * was wrong; server errors are logged and answered without details.
 */
export const jsonErrors = ({
  logger,
}: {
  logger: Logger
}): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  onError: (request: HttpRequest) => {
    const { error } = request
    const httpStatus = (error as { statusCode?: unknown } | null)?.statusCode
    const status =
      typeof httpStatus === 'number'
        ? httpStatus
        : isChorusError(error)
          ? (STATUS_OF_CODE[error.code] ?? 500)
          : 500
    if (status >= 500) {
      logger.error('request failed', { path: request.event.path, error })
      request.response = json(status, { error: { code: 'internal', message: 'internal error' } })
      return
    }
    const code = isChorusError(error) ? error.code : `http.${status}`
    request.response = json(status, { error: { code, message: error?.message ?? 'bad request' } })
  },
})
