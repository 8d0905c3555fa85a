import type { Logger } from '#platform/log/index.ts'
import { openApiDocument } from '../core/openapi.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { ErrorBody } from '../http/responses.ts'
import { getOpenApi } from '../operations/meta.ts'
import { API_OPERATIONS } from '../routes.ts'

/** `GET /openapi.json`: the OpenAPI 3.1 document, built once from the operations table; public (no caller). */
export const makeOpenApiHandler = ({ logger }: { logger: Logger }) => {
  const document = openApiDocument(API_OPERATIONS, ErrorBody)
  return implement(getOpenApi, { logger }, async () => json(200, document))
}
