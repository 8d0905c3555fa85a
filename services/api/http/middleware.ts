import type middy from '@middy/core'
import { createError } from '@middy/util'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import type { z } from 'zod'
import { type Actor, httpStatusOf, TenantId } from '#events'
import { isChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import { assertWellFormed } from './input-hygiene.ts'

export type HttpRequest = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>

/** The claim a Cognito authorizer puts the tenant in (the user pool's `tenant` custom attribute). */
export const TENANT_CLAIM = 'custom:tenant'

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

/** Each Zod issue as `path: message`, the path prefixed with where the value came from. */
export const formatIssues = (issues: readonly z.core.$ZodIssue[], prefix: string) =>
  issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.')}: ${i.message}`).join('; ')

/**
 * Validates the parsed JSON body: a lone surrogate in any key or string is a 400 naming it, then a
 * mismatch with the schema is a 400 naming every bad field.
 */
export const zodBody = <S extends z.ZodType>(schema: S): middy.MiddlewareObj<APIGatewayProxyEvent> => ({
  before: (request) => {
    assertWellFormed(request.event.body, 'body')
    const parsed = schema.safeParse(request.event.body)
    if (!parsed.success) throw createError(400, formatIssues(parsed.error.issues, 'body'), { expose: true })
    ;(request.event as { body: unknown }).body = parsed.data
  },
})

/** A request header, case-insensitively (API Gateway keeps the client's casing). */
export const headerOf = (event: APIGatewayProxyEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase()
  const found = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === wanted)
  return found?.[1] ?? undefined
}

/**
 * The caller, from the authorizer context: `tenantId`/`principalId` as the embedded runtime's
 * authorizer (or a Lambda authorizer) sets them, or a Cognito authorizer's `claims` on AWS. No
 * tenant means no access.
 */
export const callerOf = (event: APIGatewayProxyEvent): { tenantId: string; actor: Actor } => {
  const context = (event.requestContext?.authorizer ?? {}) as Record<string, unknown>
  const claims = (context.claims ?? {}) as Record<string, unknown>
  const tenant = TenantId.safeParse(context.tenantId ?? claims[TENANT_CLAIM])
  if (!tenant.success) throw createError(401, 'missing or invalid credentials', { expose: true })
  const principal = context.principalId ?? claims.sub
  const sourceIp = event.requestContext?.identity?.sourceIp
  return {
    tenantId: tenant.data,
    actor: {
      kind: 'user',
      id: typeof principal === 'string' && principal ? principal.slice(0, 256) : 'anonymous',
      ...(sourceIp ? { sourceIp: sourceIp.slice(0, 64) } : {}),
    },
  }
}

/** A Chorus error answers with its code's status (`ERROR_CODES`); middy's HTTP errors carry theirs. */
const statusOf = (error: unknown): number => {
  if (isChorusError(error)) return httpStatusOf(error.code)
  const httpStatus = (error as { statusCode?: unknown } | null)?.statusCode
  return typeof httpStatus === 'number' ? httpStatus : 500
}

/**
 * Turns every error into a JSON answer `{ error: { code, message, problems? } }`. Client errors
 * say what was wrong; server errors are logged and answered without details.
 */
export const jsonErrors = ({
  logger,
}: {
  logger: Logger
}): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  onError: (request: HttpRequest) => {
    const { error } = request
    const status = statusOf(error)
    if (status >= 500) {
      logger.error('request failed', { path: request.event.path, error })
      request.response = json(status, { error: { code: 'internal', message: 'internal error' } })
      return
    }
    const code = isChorusError(error) ? error.code : `http.${status}`
    const problems = (error as { problems?: unknown }).problems
    const headers = (error as { headers?: Record<string, string> }).headers ?? {}
    request.response = json(
      status,
      {
        error: {
          code,
          message: error?.message ?? 'bad request',
          ...(Array.isArray(problems) && problems.length > 0 ? { problems } : {}),
        },
      },
      typeof headers === 'object' ? headers : {},
    )
  },
})
