import { Match } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { API_GROUPS, STREAMED_ROUTES } from '../../runtime/lambda/api/routes.ts'
import { apiProfile, effectiveAccess } from '../config/functions.ts'
import { stageConfig } from '../config/stages.ts'
import { apiRoutes } from '../routing/api-routes.ts'
import { actionsOf, logicalIdOf, resourcesOf, statementsOfRole, synthStage } from '../testing/synth.ts'

describe('api stack', () => {
  const dev = synthStage()
  const template = dev.templates.api
  const stack = dev.stacks.api
  const groups = Object.keys(API_GROUPS)
  const methods = resourcesOf(template, 'AWS::ApiGateway::Method')

  it('keeps no resource policy on the API: the allow-list is the web ACL, so CloudFront is not denied', () => {
    // An aws:SourceIp deny would see CloudFront's addresses and refuse every console call (ADR 0034).
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
      Policy: Match.absent(),
    })
  })

  it('serves every route of the API table with its group function', () => {
    // And the streamed routes with the streaming function (run-streams.test.ts).
    expect(methods).toHaveLength(apiRoutes().length + STREAMED_ROUTES.length)
    for (const route of apiRoutes()) {
      const fn = stack.functions.get(route.group)
      if (!fn) throw new Error(`no function for ${route.group}`)
      const method = methods.find(
        ([, m]) =>
          m.Properties.HttpMethod === route.method &&
          JSON.stringify(m.Properties.Integration).includes(logicalIdOf(stack, fn.fn)),
      )
      expect(method, `${route.method} /${route.path}`).toBeDefined()
    }
  })

  it('puts every method but the public ones behind the tenant-key REQUEST authorizer, a metered key and validation', () => {
    const authorizers = resourcesOf(template, 'AWS::ApiGateway::Authorizer')
    expect(authorizers).toHaveLength(1)
    const [[authorizer, { Properties: props }] = ['', { Properties: {} }]] = authorizers
    // A Lambda REQUEST authorizer, cached per token AND key (a cached Allow never serves another key).
    expect(props).toMatchObject({
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization,method.request.header.x-api-key',
      AuthorizerResultTtlInSeconds: 300,
    })
    expect(JSON.stringify(props.AuthorizerUri)).toContain(logicalIdOf(stack, stack.authorizer.fn))
    const publicRoutes = apiRoutes().filter((r) => r.public)
    expect(publicRoutes.map((r) => `${r.method} /${r.path}`).sort()).toEqual([
      'GET /health',
      'GET /openapi.json',
    ])
    const isPublic = (m: Record<string, unknown>) =>
      publicRoutes.some(
        (r) => r.method === m.HttpMethod && Object.keys(m.RequestParameters ?? {}).length === 0,
      )
    expect(methods.filter(([, m]) => m.Properties.AuthorizationType === 'NONE')).toHaveLength(
      publicRoutes.length,
    )
    for (const [, method] of methods) {
      expect(method.Properties.RequestValidatorId).toBeDefined()
      if (method.Properties.AuthorizationType === 'NONE') {
        expect(isPublic(method.Properties)).toBe(true)
        expect(method.Properties.ApiKeyRequired).toBe(false)
      } else
        expect(method.Properties).toMatchObject({
          AuthorizationType: 'CUSTOM',
          AuthorizerId: { Ref: authorizer },
          ApiKeyRequired: true,
        })
    }
    expect(methods.filter(([, m]) => m.Properties.AuthorizationType === 'CUSTOM')).toHaveLength(
      apiRoutes().length + STREAMED_ROUTES.length - publicRoutes.length,
    )
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    })
  })

  it("gives the authorizer the user pool's issuer, its app client, the table and the usage key it meters under", () => {
    const [, fn] =
      resourcesOf(template, 'AWS::Lambda::Function').find(
        ([id]) => id === logicalIdOf(stack, stack.authorizer.fn),
      ) ?? []
    const variables =
      (fn?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}
    const pool = logicalIdOf(stack, stack.userPool.pool)
    expect(JSON.stringify(variables.CHORUS_AUTH_ISSUER)).toContain(pool)
    // The CLI's client and the console's (ADR 0034), comma-separated.
    expect(variables.CHORUS_AUTH_AUDIENCE).toEqual({
      'Fn::Join': [
        '',
        [
          { Ref: logicalIdOf(stack, stack.userPool.client) },
          ',',
          { Ref: logicalIdOf(stack, stack.console.client) },
        ],
      ],
    })
    expect(variables.CHORUS_TABLE_NAME).toBeDefined()
    const [[, apiKey] = ['', { Properties: {} }]] = resourcesOf(template, 'AWS::ApiGateway::ApiKey')
    expect(variables.CHORUS_USAGE_KEY).toBe(apiKey.Properties.Value)
    // Keys come from the authorizer: a key a client sends is not what API Gateway meters.
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'AUTHORIZER' })
    // API Gateway, and only this API, may invoke it.
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: Match.objectLike({ 'Fn::GetAtt': [logicalIdOf(stack, stack.authorizer.fn), 'Arn'] }),
      Principal: 'apigateway.amazonaws.com',
      SourceArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    })
  })

  it('requires the path parameters, and a JSON object where a route requires a body', () => {
    for (const route of apiRoutes()) {
      const expected = Object.fromEntries(route.pathParams.map((p) => [`method.request.path.${p}`, true]))
      const matching = methods.filter(
        ([, m]) =>
          m.Properties.HttpMethod === route.method &&
          JSON.stringify(m.Properties.RequestParameters ?? {}) === JSON.stringify(expected),
      )
      expect(matching.length, `${route.method} /${route.path}`).toBeGreaterThan(0)
      const withModel = matching.filter(([, m]) => m.Properties.RequestModels !== undefined)
      if (route.requiresBody) expect(withModel.length, `${route.method} /${route.path}`).toBeGreaterThan(0)
    }
  })

  it('throttles and caps allowed requests with a usage plan, and logs every request with its tenant', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: dev.stage.apiThrottle.rateLimit, BurstLimit: dev.stage.apiThrottle.burstLimit },
      Quota: { Limit: dev.stage.apiThrottle.dailyQuota, Period: 'DAY' },
    })
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1)
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1)
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('authorizer.tenantId.*authorizer.apiKeyId'),
      },
      MethodSettings: [Match.objectLike({ LoggingLevel: 'ERROR', HttpMethod: '*', ResourcePath: '/*' })],
    })
  })

  it('binds users to a tenant they cannot change, with strong passwords and MFA required in prod', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: [Match.objectLike({ Name: 'tenant', Mutable: false })],
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      UserPoolTier: 'PLUS',
    })
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      WriteAttributes: ['email'],
      GenerateSecret: false,
      // No USER_PASSWORD_AUTH: passwords never leave the client except through the IAM-guarded admin flow.
      ExplicitAuthFlows: [
        'ALLOW_ADMIN_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ],
    })
    synthStage(stageConfig('prod')).templates.api.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      DeletionProtection: 'ACTIVE',
    })
  })

  it('gives each API group its own role with exactly its access', () => {
    const roles = groups.map((g) => stack.functions.get(g)?.role)
    expect(new Set(roles).size).toBe(groups.length)
    for (const group of groups) {
      const fn = stack.functions.get(group)
      if (!fn) throw new Error(`no function for ${group}`)
      const access = effectiveAccess(apiProfile(group).access, dev.stage.apiRoute)
      const statements = statementsOfRole(template, logicalIdOf(stack, fn.role))
      const actions = statements.flatMap(actionsOf)
      expect(actions.includes('secretsmanager:GetSecretValue'), group).toBe(access.models || access.tools)
      expect(actions.includes('events:PutEvents'), group).toBe(access.publishes)
      expect(actions.includes('dynamodb:PutItem'), group).toBe(access.table === 'readWrite')
      expect(
        actions.filter((a) => a.includes('*')),
        group,
      ).toEqual([])
    }
  })

  it('lets the runs group read, redrive and discard dead letters, inline runners only keep theirs, no other group touch a queue', () => {
    const fnOf = (group: string) => {
      const fn = stack.functions.get(group)
      if (!fn) throw new Error(`no function for ${group}`)
      return fn
    }
    const sqsActions = (group: string) =>
      statementsOfRole(template, logicalIdOf(stack, fnOf(group).role))
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('sqs:'))
        .sort()
    const variables = (group: string) => {
      const [, fn] =
        resourcesOf(template, 'AWS::Lambda::Function').find(
          ([id]) => id === logicalIdOf(stack, fnOf(group).fn),
        ) ?? []
      return Object.keys((fn?.Properties.Environment as { Variables?: object })?.Variables ?? {})
    }
    expect(sqsActions('runs')).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
      'sqs:SendMessage',
    ])
    expect(variables('runs')).toEqual(
      expect.arrayContaining([
        'CHORUS_WORKERS_QUEUE_URL',
        'CHORUS_WORKERS_DLQ_URL',
        'CHORUS_PROJECTOR_DLQ_URL',
      ]),
    )
    for (const group of groups.filter((g) => g !== 'runs')) {
      const keeps = effectiveAccess(apiProfile(group).access, dev.stage.apiRoute).deadLetters === 'keep'
      expect(sqsActions(group), group).toEqual(keeps ? ['sqs:SendMessage'] : [])
      expect(variables(group).includes('CHORUS_PLANNER_DLQ_URL'), group).toBe(keeps)
    }
  })

  it('lets a group that runs runs inline call models only when the stage routes API runs sync', () => {
    const inline = groups.find((g) => apiProfile(g).access.runsInline)
    if (!inline) return
    const asyncStage = synthStage({ ...dev.stage, apiRoute: 'async' })
    const roleOf = (s: typeof dev) => {
      const fn = s.stacks.api.functions.get(inline)
      if (!fn) throw new Error(`no function for ${inline}`)
      return statementsOfRole(s.templates.api, logicalIdOf(s.stacks.api, fn.role)).flatMap(actionsOf)
    }
    expect(roleOf(dev)).toContain('secretsmanager:GetSecretValue')
    expect(roleOf(asyncStage)).not.toContain('secretsmanager:GetSecretValue')
  })
})
