import type { APIGatewayProxyEvent, Context } from 'aws-lambda'

/** An API Gateway REST proxy event for `method resource`, as the authorizer of tenant `acme` fills it. */
export const apiEvent = (
  method: string,
  resource: string,
  pathParameters: Record<string, string>,
  body?: unknown,
): APIGatewayProxyEvent =>
  ({
    httpMethod: method,
    resource,
    path: resource.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters[name] ?? ''),
    pathParameters,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    isBase64Encoded: false,
    body: body === undefined ? null : JSON.stringify(body),
    requestContext: {
      authorizer: { tenantId: 'acme', principalId: 'user-1' },
      identity: { sourceIp: '203.0.113.7' },
    },
  }) as unknown as APIGatewayProxyEvent

/** A Lambda context with `remainingMs` left. */
export const lambdaContext = (remainingMs = 900_000): Context =>
  ({
    functionName: 'test',
    awsRequestId: 'req-1',
    getRemainingTimeInMillis: () => remainingMs,
  }) as unknown as Context
