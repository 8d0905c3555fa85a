import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CONSUMERS } from '#events'
import {
  DEV_AUDIENCE,
  issueApiKey,
  loadDevSigner,
  makeAuthorizer,
  makeJwtVerifier,
} from '#platform/auth/index.ts'
import { silentLogger } from '#platform/log/index.ts'
import type { SqsBatchHandler } from '#platform/queue/sqs-consumer.ts'
import { makeSqsPoller } from '#platform/queue/sqs-poller.ts'
import { makeApiKeyStore, makeTable } from '#platform/store/index.ts'
import { API_OPERATIONS } from '#services/api/index.ts'
import { startAwsRuntime } from '../aws/app.ts'
import { startTestStack } from '../aws/testing/emulator.ts'
import { API_GROUP_OPERATIONS } from '../lambda/api/routes.ts'
import { startLocalServer } from '../local/http-server.ts'
import { type ApiTarget, makeCall, type TargetOptions, waitForRunWith } from './api-target.ts'
import { makeQueuePump } from './queue-pump.ts'

const TENANT = 'local'
const TENANT_CLAIM = 'custom:tenant'

/** Every operation a Lambda group serves on AWS (server-sent events are not deployed there yet). */
const SERVED: ReadonlySet<string> = new Set(Object.values(API_GROUP_OPERATIONS).flat())

/** Serves a JWKS at `<url>/.well-known/jwks.json`, as Cognito serves its user pool's keys. */
const serveJwks = async (jwks: unknown) => {
  const server = createServer((req, res) => {
    const found = req.url === '/.well-known/jwks.json'
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' })
    res.end(found ? JSON.stringify(jwks) : '{}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/**
 * The AWS runtime on moto behind HTTP: one emulator stack (DynamoDB, EventBridge, SQS, S3, Secrets
 * Manager) for the target, the core's handlers of every operation a Lambda group serves, and the
 * authorizer's check (`makeAuthorizer`: a Cognito-style JWT verified against a JWKS URL, then the
 * tenant's API key from the moto table). A pump plays Lambda's SQS event sources in the background, one
 * loop per queue.
 */
export const startAwsTarget = async (options: TargetOptions = {}): Promise<ApiTarget> => {
  const test = await startTestStack('api', {
    env: { CHORUS_SEED_TENANT: TENANT, CHORUS_MODEL_RETRY_BACKOFF_MS: '5', ...options.env },
  })
  const runtime = await startAwsRuntime({
    config: test.config,
    clients: test.clients,
    logger: silentLogger,
    ...(options.models ? { models: options.models } : {}),
  })
  const poller = (queueUrl: string, handler: SqsBatchHandler) =>
    makeSqsPoller({ sqs: test.clients.sqs, queueUrl, handler })
  const pump = makeQueuePump([
    ...CONSUMERS.map((consumer) => poller(test.stack.queues[consumer].url, runtime.consumers[consumer])),
    poller(test.stack.intake.url, runtime.intake),
  ])

  // The authorizer's side: a signing key whose JWKS is served over HTTP, API keys hashed in the table.
  const keyDir = mkdtempSync(join(tmpdir(), 'chorus-aws-keys-'))
  const signer = await loadDevSigner(keyDir, TENANT_CLAIM)
  const jwks = await serveJwks(signer.jwks)
  const apiKeys = makeApiKeyStore(makeTable(test.clients.dynamo.documentClient, test.stack.tableName))
  const authorize = makeAuthorizer({
    verifyToken: makeJwtVerifier({
      issuer: jwks.issuer,
      jwks: { url: `${jwks.issuer}/.well-known/jwks.json` },
      tenantClaim: TENANT_CLAIM,
      audience: DEV_AUDIENCE,
    }),
    apiKeys,
  })
  const mintToken: ApiTarget['mintToken'] = (spec) =>
    signer.mintToken({ issuer: jwks.issuer, audience: DEV_AUDIENCE, ...spec })
  const credentialsFor = async (tenantId: string) => ({
    token: await mintToken({ tenantId, subject: `user-of-${tenantId}` }),
    apiKey: (await issueApiKey(apiKeys, tenantId, 'api suite')).key,
  })

  const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)
  const server = await startLocalServer('127.0.0.1', 0, {
    logger: silentLogger,
    authorize: async (req) => ({
      ...(await authorize({
        authorization: header(req.headers.authorization),
        apiKey: header(req.headers['x-api-key']),
      })),
    }),
    routes: API_OPERATIONS.filter((op) => SERVED.has(op.operationId)).map((op) => ({
      method: op.method,
      path: op.path,
      handler: runtime.core.handlers[op.operationId],
      ...('public' in op ? { public: op.public } : {}),
    })),
  })

  const credentials = await credentialsFor(TENANT)
  const call = makeCall(server.url, credentials)
  /**
   * In-process (sync) work done and a whole drain of every queue received nothing, twice in a row: the
   * first quiet drain may follow a delivery that handed the sync queues work, whose events the second
   * would find.
   */
  const settle = async () => {
    for (let quiet = 0; quiet < 2; ) {
      await runtime.idle()
      quiet = (await pump.nextDrain()) === 0 ? quiet + 1 : 0
    }
  }
  return {
    runtime: 'aws',
    url: server.url,
    tenantId: TENANT,
    credentials,
    call,
    as: (other) => makeCall(server.url, other),
    credentialsFor,
    mintToken,
    signingKid: String(signer.jwks.keys[0]?.kid),
    stores: runtime.core.stores,
    settle,
    waitForRun: waitForRunWith(settle, call),
    close: async () => {
      await server.close()
      await pump.stop()
      await runtime.idle()
      runtime.close()
      await jwks.close()
      test.close()
      rmSync(keyDir, { recursive: true, force: true })
    },
  }
}
