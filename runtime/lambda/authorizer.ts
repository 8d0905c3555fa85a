import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda'
import { loadAuthorizerConfig, startRequestAuthorizer } from '../aws/request-authorizer.ts'

let authorizer: ReturnType<typeof startRequestAuthorizer> | undefined

/**
 * Lambda entry point of the API's REQUEST authorizer (ADR 0024): the bearer JWT and the API key of
 * the token's tenant, checked by the same code as the local server. Built once per container; API
 * Gateway caches its answer per token and key.
 */
export const handler = (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  authorizer ??= startRequestAuthorizer(loadAuthorizerConfig(process.env))
  return authorizer(event)
}
