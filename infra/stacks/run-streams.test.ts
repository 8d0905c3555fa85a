import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Stack } from 'aws-cdk-lib'
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { describe, expect, it } from 'vitest'
import { STREAMED_ROUTES } from '../../runtime/lambda/api/routes.ts'
import { LAMBDA_ENTRIES } from '../config/lambda-entries.ts'
import { RUN_ITEMS } from '../constructs/access-policy.ts'
import { bundledEntry } from '../constructs/chorus-function.ts'
import {
  actionsOf,
  logicalIdOf,
  resourcesOf,
  statementsOfRole,
  synthStage,
  testApp,
} from '../testing/synth.ts'

/**
 * Loads a bundle in a fresh Node with the global the Lambda Node.js runtime provides (`awslambda`;
 * its `streamifyResponse` marks a handler for response streaming) and prints how `handler` came out.
 */
const loadStreamingBundle = (file: string): string =>
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      [
        'globalThis.awslambda = { streamifyResponse: (h) => Object.assign(h, { streams: true }), HttpResponseStream: { from: (s) => s } }',
        `import(${JSON.stringify(file)}).then((m) => console.log(Object.keys(m).join(','), typeof m.handler, m.handler.streams), (e) => console.log('FAILED ' + e.message))`,
      ].join('\n'),
    ],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
  ).trim()

describe('run streams on the API (ADR 0030)', () => {
  const dev = synthStage()
  const template = dev.templates.api
  const stack = dev.stacks.api
  const { function: streams } = stack.streams
  const fnId = logicalIdOf(stack, streams.fn)
  const [, fn] = resourcesOf(template, 'AWS::Lambda::Function').find(([id]) => id === fnId) ?? []
  const methods = resourcesOf(template, 'AWS::ApiGateway::Method').filter(([, m]) =>
    JSON.stringify(m.Properties.Integration).includes(fnId),
  )

  it("is one function of the streams entry with Lambda's whole 15 minutes", () => {
    expect(streams.fn.node.path).toContain('RunStreams')
    expect(LAMBDA_ENTRIES.streams).toBe('runtime/lambda/api/streams.ts')
    expect(fn?.Properties).toMatchObject({ Timeout: 900, Handler: 'index.handler' })
  })

  it('is served at GET /runs/{runId}/events, integrated in STREAM mode through InvokeWithResponseStream for 15 minutes', () => {
    expect(STREAMED_ROUTES).toEqual(['GET /runs/{runId}/events'])
    expect(methods).toHaveLength(1)
    const [[, method] = ['', { Properties: {} }]] = methods
    expect(method.Properties).toMatchObject({
      HttpMethod: 'GET',
      RequestParameters: { 'method.request.path.runId': true },
      Integration: {
        Type: 'AWS_PROXY',
        IntegrationHttpMethod: 'POST',
        ResponseTransferMode: 'STREAM',
        TimeoutInMillis: 900_000,
      },
    })
    const uri = JSON.stringify((method.Properties.Integration as { Uri: unknown }).Uri)
    expect(uri).toContain('lambda:path/2021-11-15/functions/')
    expect(uri).toContain('/response-streaming-invocations')
    const resource = resourcesOf(template, 'AWS::ApiGateway::Resource').find(
      ([id]) => id === (method.Properties.ResourceId as { Ref: string }).Ref,
    )
    expect(resource?.[1].Properties.PathPart).toBe('events')
  })

  it('sits behind the same tenant-key authorizer, usage plan key and validator as every other route', () => {
    const [[authorizer] = ['']] = resourcesOf(template, 'AWS::ApiGateway::Authorizer')
    const [[, method] = ['', { Properties: {} }]] = methods
    expect(method.Properties).toMatchObject({
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizer },
      ApiKeyRequired: true,
    })
    expect(method.Properties.RequestValidatorId).toBeDefined()
    // API Gateway may invoke it for this method only.
    const permissions = resourcesOf(template, 'AWS::Lambda::Permission').filter(([, p]) =>
      JSON.stringify(p.Properties.FunctionName).includes(fnId),
    )
    expect(permissions.map(([, p]) => [p.Properties.Action, p.Properties.Principal])).toEqual([
      ['lambda:InvokeFunction', 'apigateway.amazonaws.com'],
    ])
    expect(JSON.stringify(permissions[0]?.[1].Properties.SourceArn)).toContain('/GET/runs/*/events')
  })

  it('reads run items and nothing else: GetItem and Query on run partitions, the table key through DynamoDB', () => {
    const statements = statementsOfRole(template, logicalIdOf(stack, streams.role))
    expect(statements.map((s) => s.Sid).sort()).toEqual(['OwnLogs', 'RunItems', 'TableKey'])
    const items = statements.find((s) => s.Sid === 'RunItems')
    expect(items).toMatchObject({
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:Query'],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [RUN_ITEMS] } },
    })
    expect(RUN_ITEMS).toBe('T#*#RUN#*')
    // The table itself, not its indexes: no listing across runs.
    expect(JSON.stringify(items?.Resource)).not.toContain('index')
    expect(statements.find((s) => s.Sid === 'TableKey')).toMatchObject({
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } },
    })
    const actions = statements.flatMap(actionsOf)
    expect(actions.filter((a) => /^(s3|events|sqs|secretsmanager):/.test(a))).toEqual([])
    const variables = Object.keys(
      (fn?.Properties.Environment as { Variables?: object } | undefined)?.Variables ?? {},
    )
    expect(variables.filter((v) => /OPENAI|SECRET|_URL$/.test(v))).toEqual([])
  })

  it('bundles the entry into a module that loads in Node and exports a handler wrapped for response streaming', () => {
    const app = testApp({ bundle: true })
    const bundling = new Stack(app, 'StreamBundle', { env: { region: 'eu-west-1' } })
    new NodejsFunction(bundling, 'Fn', bundledEntry(LAMBDA_ENTRIES.streams, 'streams'))

    const { directory } = app.synth()
    const [asset] = readdirSync(directory).filter((name) => name.startsWith('asset.'))

    expect(loadStreamingBundle(join(directory, asset ?? '', 'index.mjs'))).toBe('handler function true')
  }, 120_000)
})
