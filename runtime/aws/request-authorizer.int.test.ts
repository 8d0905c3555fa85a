import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '#platform/auth/index.ts'
import { ensureTable, makeApiKeyStore, makeTable } from '#platform/store/index.ts'
import { loadAuthorizerConfig, startRequestAuthorizer } from './request-authorizer.ts'
import { motoClients, motoEndpoint, uniquePrefix } from './testing/emulator.ts'

const API_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5'
const METHOD_ARN = `${API_ARN}/v1/POST/chats/demo/messages`
const CLIENT_ID = '3n4b5urk1ft4fl3mg5e62ad2vv'
/** The console's app client (ADR 0034): the stack lists both, comma-separated. */
const CONSOLE_CLIENT_ID = '6c0ns0le0c1ient0id0abcdefg'
const USAGE_KEY = 'chorus-test-usage-key-0123456789'

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>

/** The REQUEST event API Gateway (REST) sends a Lambda authorizer, as documented for `REQUEST` type. */
const requestEvent = (headers: Record<string, string>): APIGatewayRequestAuthorizerEvent => ({
  type: 'REQUEST',
  methodArn: METHOD_ARN,
  resource: '/chats/{chatId}/messages',
  path: '/chats/demo/messages',
  httpMethod: 'POST',
  headers: { Host: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com', 'User-Agent': 'curl/8.5.0', ...headers },
  multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
  pathParameters: { chatId: 'demo' },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  stageVariables: null,
  requestContext: {
    accountId: '123456789012',
    apiId: 'a1b2c3d4e5',
    authorizer: undefined,
    httpMethod: 'POST',
    identity: {
      accessKey: null,
      accountId: null,
      apiKey: null,
      apiKeyId: null,
      caller: null,
      clientCert: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: '203.0.113.7',
      user: null,
      userAgent: 'curl/8.5.0',
      userArn: null,
    },
    path: '/v1/chats/demo/messages',
    protocol: 'HTTP/1.1',
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    requestTimeEpoch: 1_767_225_600_000,
    resourceId: 'x1y2z3',
    resourcePath: '/chats/{chatId}/messages',
    stage: 'v1',
  },
})

describe('the API request authorizer on AWS: Cognito-style JWT and the tenant-bound API key (moto DynamoDB)', () => {
  let jwks: Server
  let issuer: string
  let signing: KeyPair
  let stranger: KeyPair
  let authorizer: ReturnType<typeof startRequestAuthorizer>
  const keys: Record<'acme' | 'globex', string> = { acme: '', globex: '' }
  const clients = motoClients()

  beforeAll(async () => {
    signing = await generateKeyPair('RS256')
    stranger = await generateKeyPair('RS256')
    const published: JWK = {
      ...(await exportJWK(signing.publicKey)),
      kid: 'pool-key-1',
      alg: 'RS256',
      use: 'sig',
    }
    // The user pool's JWKS, over HTTP as Cognito serves it at <issuer>/.well-known/jwks.json.
    jwks = createServer((req, res) => {
      const found = req.url?.endsWith('/.well-known/jwks.json')
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' })
      res.end(found ? JSON.stringify({ keys: [published] }) : '{}')
    })
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve))
    issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/eu-west-1_TestPool`

    const tableName = uniquePrefix('authorizer')
    await ensureTable(clients.dynamo.client, tableName)
    const store = makeApiKeyStore(makeTable(clients.dynamo.documentClient, tableName))
    keys.acme = (await issueApiKey(store, 'acme', 'test')).key
    keys.globex = (await issueApiKey(store, 'globex', 'test')).key

    // Built as the Lambda entry builds it: from the environment the CDK stack sets.
    authorizer = startRequestAuthorizer(
      loadAuthorizerConfig({
        AWS_REGION: 'us-east-1',
        CHORUS_DYNAMODB_ENDPOINT: motoEndpoint(),
        CHORUS_TABLE_NAME: tableName,
        CHORUS_AUTH_ISSUER: issuer,
        CHORUS_AUTH_AUDIENCE: `${CLIENT_ID},${CONSOLE_CLIENT_ID}`,
        CHORUS_USAGE_KEY: USAGE_KEY,
        CHORUS_LOG_LEVEL: 'silent',
      }),
    )
  })
  afterAll(async () => {
    clients.destroy()
    await new Promise((resolve) => jwks.close(resolve))
  })

  /** A Cognito ID token: `aud` is the app client, the tenant in `custom:tenant`. */
  const idToken = (
    tenant: string,
    options: { key?: KeyPair; expiresAt?: number; audience?: string; issuer?: string } = {},
  ) =>
    new SignJWT({ 'custom:tenant': tenant, token_use: 'id', email: `${tenant}@example.com` })
      .setProtectedHeader({ alg: 'RS256', kid: 'pool-key-1' })
      .setSubject(`sub-of-${tenant}`)
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 3600)
      .sign((options.key ?? signing).privateKey)

  /** A Deny over the whole stage, the refusal's code in the context, no usage key. */
  const denied = async (headers: Record<string, string>, code: string) => {
    const result = await authorizer(requestEvent(headers))
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: `${API_ARN}/v1/*/*` },
    ])
    expect(result.context).toEqual({ code })
    expect(result.usageIdentifierKey).toBeUndefined()
  }

  it('allows the right pair, for every method of the stage, with the tenant in the context and the usage key', async () => {
    const result = await authorizer(
      requestEvent({ Authorization: `Bearer ${await idToken('acme')}`, 'x-api-key': keys.acme }),
    )
    expect(result).toEqual({
      principalId: 'sub-of-acme',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${API_ARN}/v1/*/*` }],
      },
      context: { principalId: 'sub-of-acme', tenantId: 'acme', apiKeyId: keys.acme.split('_')[1] },
      usageIdentifierKey: USAGE_KEY,
    })
    // An ID token of the console's app client passes too.
    const fromConsole = await authorizer(
      requestEvent({
        Authorization: `Bearer ${await idToken('acme', { audience: CONSOLE_CLIENT_ID })}`,
        'x-api-key': keys.acme,
      }),
    )
    expect(fromConsole.principalId).toBe('sub-of-acme')
    // Header names as an HTTP/2 client sends them.
    const lower = await authorizer(
      requestEvent({ authorization: `Bearer ${await idToken('globex')}`, 'X-Api-Key': keys.globex }),
    )
    expect(lower.context).toMatchObject({ tenantId: 'globex' })
    expect(lower.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' })
  })

  it('denies a key of tenant A with a token of tenant B, and a missing or unknown key', async () => {
    const globexToken = `Bearer ${await idToken('globex')}`
    await denied({ Authorization: globexToken, 'x-api-key': keys.acme }, 'auth.invalidApiKey')
    await denied(
      { Authorization: `Bearer ${await idToken('acme')}`, 'x-api-key': keys.globex },
      'auth.invalidApiKey',
    )
    await denied({ Authorization: globexToken }, 'auth.missingApiKey')
    // Well formed, tenant right, secret wrong: the stored hash does not match.
    const tampered = `${keys.globex.slice(0, -1)}${keys.globex.endsWith('0') ? '1' : '0'}`
    await denied({ Authorization: globexToken, 'x-api-key': tampered }, 'auth.invalidApiKey')
  })

  it('denies a missing, malformed, expired, forged, foreign-pool, other-client or tenantless token, whatever the key', async () => {
    const withKey = (authorization: string) => ({ Authorization: authorization, 'x-api-key': keys.acme })
    await denied({ 'x-api-key': keys.acme }, 'auth.missingToken')
    await denied(withKey(await idToken('acme')), 'auth.invalidToken')
    const expired = await idToken('acme', { expiresAt: Math.floor(Date.now() / 1000) - 600 })
    await denied(withKey(`Bearer ${expired}`), 'auth.expiredToken')
    // Signed with another key under the pool key's id: the signature does not verify.
    await denied(withKey(`Bearer ${await idToken('acme', { key: stranger })}`), 'auth.invalidToken')
    await denied(
      withKey(`Bearer ${await idToken('acme', { issuer: `${issuer}-other` })}`),
      'auth.invalidToken',
    )
    // Another app client's token (Cognito access tokens carry no `aud` at all).
    const otherClient = await idToken('acme', { audience: 'another-app-client' })
    await denied(withKey(`Bearer ${otherClient}`), 'auth.invalidToken')
    await denied(withKey(`Bearer ${await idToken('Not A Slug')}`), 'auth.invalidToken')
  })

  it('throws (API Gateway answers 500) when the key store cannot be read: never allows', async () => {
    const broken = startRequestAuthorizer(
      loadAuthorizerConfig({
        CHORUS_DYNAMODB_ENDPOINT: motoEndpoint(),
        CHORUS_TABLE_NAME: uniquePrefix('no-such-table'),
        CHORUS_AUTH_ISSUER: issuer,
        CHORUS_AUTH_AUDIENCE: CLIENT_ID,
        CHORUS_LOG_LEVEL: 'silent',
      }),
    )
    const error = await broken(
      requestEvent({ Authorization: `Bearer ${await idToken('acme')}`, 'x-api-key': keys.acme }),
    ).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    expect(error).toBeInstanceOf(Error)
  })

  it('refuses a configuration without an issuer, naming it', () => {
    expect(() => loadAuthorizerConfig({ CHORUS_TABLE_NAME: 'chorus-dev' })).toThrow(/CHORUS_AUTH_ISSUER/)
    expect(
      loadAuthorizerConfig({
        CHORUS_TABLE_NAME: 'chorus-dev',
        CHORUS_AUTH_ISSUER: 'https://idp.example/pool/',
      }).jwksUrl,
    ).toBe('https://idp.example/pool/.well-known/jwks.json')
  })
})
