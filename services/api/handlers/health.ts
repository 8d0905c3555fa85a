import type { APIGatewayProxyResult } from 'aws-lambda'

/** `GET /health`: no auth, no data; says the process is up. */
export const healthHandler = async (): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ status: 'ok' }),
})
