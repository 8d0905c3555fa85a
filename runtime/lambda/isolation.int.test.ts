import type { APIGatewayProxyEvent } from 'aws-lambda'
import { makeSqsDeadLetterSink } from '#platform/queue/sqs-dead-letter-sink.ts'
import { makeDeadLetterNotes, makeEventLog, makeTable } from '#platform/store/index.ts'
import { TENANT_CLAIM } from '#services/api/http/middleware.ts'
import { API_OPERATIONS, type OperationId } from '#services/api/routes.ts'
import { describeIsolation } from '#services/api/testing/isolation.conformance.ts'
import { type ApiRequest, type IsolationTarget, pathOf } from '#services/api/testing/isolation-target.ts'
import { makeHttpToolStore } from '#services/workers/index.ts'
import { makeEmulatorDriver } from '../aws/emulator-driver.ts'
import { startTestStack } from '../aws/testing/emulator.ts'
import { handler as admin } from './api/admin.ts'
import { handler as chats } from './api/chats.ts'
import { handler as events } from './api/events.ts'
import type { GroupHandler } from './api/group.ts'
import { handler as prompts } from './api/prompts.ts'
import { API_GROUP_OPERATIONS, type ApiGroup, streamedOperationAt } from './api/routes.ts'
import { handler as runs } from './api/runs.ts'
import { streamedApi } from './api/streamed.ts'
import { handler as teams } from './api/teams.ts'
import { handler as planner } from './consumers/planner.ts'
import { handler as projector } from './consumers/projector.ts'
import { handler as supervisor } from './consumers/supervisor.ts'
import { handler as workers } from './consumers/workers.ts'
import { httpResponseStreamFrom, lambdaContext, responseStream } from './testing.ts'

const GROUPS: Record<ApiGroup, GroupHandler> = { admin, chats, events, prompts, runs, teams }

/** The group function that serves an operation, as API Gateway routes to it. */
const groupOf = (id: OperationId): GroupHandler | undefined => {
  const found = Object.entries(API_GROUP_OPERATIONS).find(([, ids]) =>
    (ids as readonly string[]).includes(id),
  )
  return found ? GROUPS[found[0] as ApiGroup] : undefined
}

/**
 * The API Gateway event a request becomes behind the Cognito authorizer: the token was verified
 * there, and the function gets the tenant claim and subject of the caller.
 */
const proxyEvent = (tenantId: string, request: ApiRequest): APIGatewayProxyEvent =>
  ({
    httpMethod: request.method,
    resource: request.resource,
    path: pathOf(request),
    pathParameters: Object.keys(request.params).length > 0 ? request.params : null,
    headers: {
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    },
    multiValueHeaders: {},
    queryStringParameters: request.query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    isBase64Encoded: false,
    body: request.body === undefined ? null : JSON.stringify(request.body),
    requestContext: {
      authorizer: { claims: { [TENANT_CLAIM]: tenantId, sub: `user-of-${tenantId}` } },
      identity: { sourceIp: '203.0.113.9' },
    },
  }) as unknown as APIGatewayProxyEvent

const lowercase = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]))

/** The Lambda entry points in process over moto (DynamoDB, EventBridge, SQS, S3), queues drained by hand. */
const startAwsTarget = async (): Promise<IsolationTarget> => {
  const stack = await startTestStack('isolation')
  // What the CDK stack gives the functions; the container runtime reads it on first use.
  Object.assign(process.env, stack.env, { CHORUS_API_ROUTE: 'async', CHORUS_SYNC_BUDGET_MS: '50' })
  const driver = makeEmulatorDriver({
    clients: stack.clients,
    stack: stack.stack,
    handlers: { planner, supervisor, workers, projector },
  })
  const table = makeTable(stack.clients.dynamo.documentClient, stack.stack.tableName)
  const tools = makeHttpToolStore(table)
  // The sync route's own way of keeping what it gave up on: into the consumer's DLQ.
  const sink = makeSqsDeadLetterSink({
    sqs: stack.clients.sqs,
    queues: stack.stack.queues,
    notes: makeDeadLetterNotes(table),
  })
  const streams = streamedApi(httpResponseStreamFrom)
  const send = async (tenantId: string, request: ApiRequest) => {
    if (streamedOperationAt(request.method, request.resource)) {
      // The run event stream: the streaming function, its answer read as API Gateway reads it.
      const res = responseStream()
      await streams(proxyEvent(tenantId, request), res.stream, lambdaContext())
      const { statusCode, headers, body } = await res.answer()
      return { status: statusCode, headers: lowercase(headers), body }
    }
    const op = API_OPERATIONS.find((o) => o.method === request.method && o.path === request.resource)
    const handler = op && groupOf(op.operationId)
    if (!handler) throw new Error(`no function serves ${request.method} ${request.resource}`)
    const result = await handler(proxyEvent(tenantId, request), lambdaContext())
    return { status: result.statusCode, headers: lowercase(result.headers ?? {}), body: result.body }
  }
  return {
    send,
    settle: async (tenantId, runIds) => {
      for (let round = 0; round < 20; round++) {
        await driver.drain()
        const views = await Promise.all(
          runIds.map((runId) =>
            send(tenantId, { method: 'GET', resource: '/runs/{runId}', params: { runId } }),
          ),
        )
        const ended = views.every((v) => /^(completed|failed)$/.test(String(JSON.parse(v.body).status)))
        if (ended) return
      }
      throw new Error(`runs ${runIds.join(', ')} of ${tenantId} did not end`)
    },
    deadLetter: async (tenantId, runId) => {
      const [first] = await makeEventLog(table).list(tenantId, runId)
      if (!first) throw new Error(`run ${runId} has no events`)
      await sink.keep(
        'planner',
        first,
        { code: 'model.failed', message: 'upstream 503', retryable: false },
        5,
      )
    },
    saveHttpTool: async (tenantId, tool) => {
      await tools.save(tenantId, tool.name, tool)
    },
    unserved: {},
    close: async () => stack.close(),
  }
}

describeIsolation('the Lambda entry points on moto', startAwsTarget, { report: (line) => console.info(line) })
