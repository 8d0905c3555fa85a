import type { APIGatewayProxyEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { callerOf } from './middleware.ts'

const event = (authorizer: unknown) =>
  ({
    requestContext: { authorizer, identity: { sourceIp: '203.0.113.7' } },
  }) as unknown as APIGatewayProxyEvent

describe('callerOf: the caller from the authorizer context', () => {
  it('reads the context the local server (or a Lambda authorizer) sets', () => {
    expect(callerOf(event({ tenantId: 'acme', principalId: 'u-1', apiKeyId: 'k' }))).toEqual({
      tenantId: 'acme',
      actor: { kind: 'user', id: 'u-1', sourceIp: '203.0.113.7' },
    })
  })

  it("reads a Cognito authorizer's claims on AWS", () => {
    const caller = callerOf(event({ claims: { sub: 'cognito-user', 'custom:tenant': 'globex' } }))
    expect(caller).toMatchObject({ tenantId: 'globex', actor: { id: 'cognito-user' } })
  })

  it.each([null, {}, { tenantId: 'Not A Slug' }, { claims: { sub: 'x' } }])(
    'refuses %j with 401',
    (context) => {
      expect(() => callerOf(event(context))).toThrow(expect.objectContaining({ statusCode: 401 }))
    },
  )
})
