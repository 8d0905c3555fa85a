import type { Logger } from '#platform/log/index.ts'
import { openApiDocument } from '../core/openapi.ts'
import { endpoint } from '../http/endpoint.ts'
import { callerOf, json } from '../http/middleware.ts'
import { ErrorBody } from '../http/responses.ts'
import { API_OPERATIONS } from '../routes.ts'

/** `GET /openapi.json`: the OpenAPI 3.1 document, built once from the operations table. */
export const makeOpenApiHandler = ({ logger }: { logger: Logger }) => {
  const document = openApiDocument(API_OPERATIONS, ErrorBody)
  return endpoint(logger).handler(async (event) => {
    callerOf(event)
    return json(200, document)
  })
}
