import { generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signToken } from '#platform/auth/index.ts'
import { API_RUNTIMES, type ApiTarget } from '../testing/index.ts'

type ErrorBody = { error: { code: string; message: string } }

/**
 * The authorizer's decisions over HTTP: the embedded server's check, and on AWS the same check
 * (`makeAuthorizer`) with a Cognito-style issuer whose keys are fetched from a JWKS URL and the API keys
 * in the moto table. How API Gateway words a refusal is the request authorizer's own test
 * (`runtime/aws/request-authorizer.int.test.ts`).
 */
describe.each(API_RUNTIMES)('auth and tenancy over HTTP (%s)', { timeout: 60_000 }, (_, start) => {
  let target: ApiTarget
  beforeAll(async () => {
    target = await start()
  }, 60_000)
  afterAll(() => target?.close())

  const asCaller = (headers: Record<string, string>) => (method: string, path: string, body?: unknown) =>
    target.call(method, path, body, headers)
  const token = () => target.credentials.token
  const apiKey = () => target.credentials.apiKey

  it('serves /health and the OpenAPI document without credentials, and nothing else', async () => {
    const anonymous = asCaller({ authorization: '', 'x-api-key': '' })
    expect((await anonymous('GET', '/health')).status).toBe(200)
    expect((await anonymous('GET', '/openapi.json')).status).toBe(200)
    for (const [method, path] of [
      ['GET', '/runs'],
      ['GET', '/chats'],
      ['GET', '/teams'],
      ['GET', '/events/schemas'],
      ['POST', '/events'],
    ] as const) {
      const res = await anonymous(method, path)
      expect(res.status, `${method} ${path}`).toBe(401)
      expect((res.json as ErrorBody).error.code).toBe('auth.missingToken')
    }
  })

  it.each([
    [
      'an expired token',
      async () => target.mintToken({ tenantId: target.tenantId, expiresInSeconds: -120 }),
      'auth.expiredToken',
      /expired/,
    ],
    [
      'a token from another issuer',
      async () => target.mintToken({ tenantId: target.tenantId, issuer: 'https://idp.example' }),
      'auth.invalidToken',
      /issuer/,
    ],
    [
      'a token for another audience',
      async () => target.mintToken({ tenantId: target.tenantId, audience: 'someone-else' }),
      'auth.invalidToken',
      /audience/,
    ],
    [
      'a token with a bad signature',
      async () =>
        signToken((await generateKeyPair('ES256')).privateKey, target.signingKid, {
          tenantId: target.tenantId,
        }),
      'auth.invalidToken',
      /signature/,
    ],
    ['a token that is not a JWT', async () => 'garbage', 'auth.invalidToken', /malformed/],
  ])('answers 401 for %s, naming the problem', async (_, mint, code, message) => {
    const res = await asCaller({ authorization: `Bearer ${await mint()}` })('GET', '/runs')
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toContain('Bearer')
    expect((res.json as ErrorBody).error).toMatchObject({ code })
    expect((res.json as ErrorBody).error.message).toMatch(message)
  })

  it("answers 403 for a missing, wrong or other tenant's API key", async () => {
    const bearer = { authorization: `Bearer ${token()}` }
    const missing = await asCaller({ ...bearer, 'x-api-key': '' })('GET', '/runs')
    expect([missing.status, (missing.json as ErrorBody).error.code]).toEqual([403, 'auth.missingApiKey'])
    const tampered = `${apiKey().slice(0, -1)}${apiKey().endsWith('0') ? '1' : '0'}`
    const wrong = await asCaller({ ...bearer, 'x-api-key': tampered })('GET', '/runs')
    expect([wrong.status, (wrong.json as ErrorBody).error.code]).toEqual([403, 'auth.invalidApiKey'])
    const other = await target.credentialsFor('globex')
    const foreign = await asCaller({ ...bearer, 'x-api-key': other.apiKey })('GET', '/runs')
    expect([foreign.status, (foreign.json as ErrorBody).error.code]).toEqual([403, 'auth.invalidApiKey'])
  })

  it("gives tenant B a 404 on tenant A's chat, run and team, and never their data", async () => {
    const a = target.as(await target.credentialsFor('tenant-a'))
    const b = target.as(await target.credentialsFor('tenant-b'))
    const team = {
      name: 'analyst',
      description: 'Analyses numbers.',
      shape: 'llm',
      prompt: 'Task: {{instruction}}',
    }
    expect((await a('POST', '/teams', team)).status).toBe(201)
    expect((await a('POST', '/chats', { chatId: 'secret-chat', title: 'A only' })).status).toBe(201)
    const posted = await a('POST', '/chats/secret-chat/messages', { content: 'Explain tides' })
    const { runId } = posted.json as { runId: string }
    expect((await a('GET', `/runs/${runId}`)).status).toBe(200)

    for (const path of ['/chats/secret-chat', `/runs/${runId}`, '/teams/analyst', `/runs/${runId}/events`]) {
      const res = await b('GET', path)
      expect(res.status, path).toBe(404)
      expect(JSON.stringify(res.json)).not.toContain('Explain tides')
    }
    expect((await b('POST', `/runs/${runId}/cancel`)).status).toBe(404)
    expect((await b('PUT', '/teams/analyst', { ...team, description: 'hijacked' })).status).toBe(200) // B's own team
    expect(
      ((await a('GET', '/teams/analyst')).json as { definition: { description: string } }).definition
        .description,
    ).toBe('Analyses numbers.')
    expect(((await b('GET', '/runs')).json as { runs: unknown[] }).runs).toEqual([])
    expect(((await b('GET', '/chats')).json as { chats: unknown[] }).chats).toEqual([])
  })
})
