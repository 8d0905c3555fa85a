import { createHash } from 'node:crypto'
import type middy from '@middy/core'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { ApiError } from '../core/api-error.ts'
import type { RequestIdempotency } from '../store/request-idempotency.ts'
import { callerOf, formatIssues, headerOf } from './middleware.ts'
import { IdempotencyKey } from './schemas.ts'

type Request = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>
type Claim = { tenantId: string; key: string }

const claims = new WeakMap<Request, Claim>()

const fingerprint = (event: APIGatewayProxyEvent) =>
  createHash('sha256')
    .update(`${event.httpMethod} ${event.path}\n${event.body ?? ''}`)
    .digest('hex')

/**
 * `Idempotency-Key` support: the first request with a key runs and its 2xx answer is kept for a
 * day (per tenant and key); a retry gets that answer again (`idempotent-replayed: true`). A retry
 * while the first is still running is refused with 409 and `Retry-After`; the same key with
 * another request (method, path or body) with 422. A failed first attempt frees the key.
 * Use it before the body parser: it fingerprints the raw body.
 */
export const idempotent = ({
  requests,
}: {
  requests: RequestIdempotency
}): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  before: async (request) => {
    const header = headerOf(request.event, 'idempotency-key')
    if (header === undefined) return
    const parsed = IdempotencyKey.safeParse(header)
    if (!parsed.success)
      throw new ApiError('idempotency.invalidKey', formatIssues(parsed.error.issues, 'Idempotency-Key'))
    const { tenantId } = callerOf(request.event)
    const begun = await requests.begin(tenantId, parsed.data, fingerprint(request.event))
    if (begun.kind === 'replay')
      return { ...begun.response, headers: { ...begun.response.headers, 'idempotent-replayed': 'true' } }
    if (begun.kind === 'inProgress')
      throw new ApiError(
        'idempotency.inProgress',
        'a request with this Idempotency-Key is still in progress',
        {
          retryable: true,
          headers: { 'retry-after': '1' },
        },
      )
    if (begun.kind === 'mismatch')
      throw new ApiError('idempotency.mismatch', 'this Idempotency-Key was used for a different request')
    claims.set(request, { tenantId, key: parsed.data })
    return undefined
  },
  after: async (request) => {
    const claim = claims.get(request)
    const response = request.response
    if (!claim || !response) return
    if (response.statusCode >= 200 && response.statusCode < 300) {
      const headers = Object.fromEntries(
        Object.entries(response.headers ?? {}).map(([k, v]) => [k, String(v)]),
      )
      await requests.complete(claim.tenantId, claim.key, {
        statusCode: response.statusCode,
        headers,
        body: response.body,
      })
    } else await requests.abandon(claim.tenantId, claim.key)
  },
  onError: async (request) => {
    const claim = claims.get(request)
    if (claim) await requests.abandon(claim.tenantId, claim.key)
  },
})
