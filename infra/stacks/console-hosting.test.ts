import { join } from 'node:path'
import { Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { MockIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway'
import { UserPool } from 'aws-cdk-lib/aws-cognito'
import { describe, expect, it } from 'vitest'
import {
  CONSOLE_HSTS_MAX_AGE_SECONDS,
  consoleContentSecurityPolicy,
  consolePageHeaders,
} from '../../runtime/console-headers.ts'
import { ConsoleHosting, viewerRequestCode } from '../constructs/console-hosting.ts'
import { logicalIdOf, resourcesOf, synthStage, testApp } from '../testing/synth.ts'

/** A CloudFormation string as text: literals kept, each `Ref` (and `Fn::GetAtt`) as `<ref:LogicalId>`. */
const render = (value: unknown): string => {
  if (typeof value === 'string') return value
  const v = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: string[] }
  if (v['Fn::Join']) return v['Fn::Join'][1].map(render).join(v['Fn::Join'][0])
  if (v.Ref) return `<ref:${v.Ref}>`
  if (v['Fn::GetAtt']) return `<ref:${v['Fn::GetAtt'].join('.')}>`
  throw new Error(`cannot render ${JSON.stringify(value)}`)
}

/** Runs the viewer-request function's source (CloudFront Functions JS: plain ES5 here) on one request. */
const viewerRequest = (ranges: string[], spaFallback: boolean, ip: string, uri: string) => {
  const handler = new Function(`${viewerRequestCode(ranges, spaFallback)}\nreturn handler`)() as (
    event: unknown,
  ) => { uri?: string; statusCode?: number; headers?: { location: { value: string } } }
  return handler({ viewer: { ip }, request: { uri, method: 'GET', headers: {} } })
}

describe('the console on CloudFront (ADR 0034)', () => {
  const dev = synthStage()
  const template = dev.templates.api
  const stack = dev.stacks.api
  const hosting = stack.console
  const bucketId = logicalIdOf(stack, hosting.bucket)
  const [[, distribution]] = resourcesOf(template, 'AWS::CloudFront::Distribution') as [
    [string, { Properties: { DistributionConfig: Record<string, unknown> } }],
  ]
  const config = distribution.Properties.DistributionConfig

  it('keeps the assets bucket private: all public access blocked, encrypted, TLS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    })
    const policies = resourcesOf(template, 'AWS::S3::BucketPolicy').filter(
      ([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
    )
    expect(policies).toHaveLength(1)
    const document = policies[0]?.[1].Properties.PolicyDocument as { Statement: Record<string, unknown>[] }
    const statements = document.Statement
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    )
    // The only reader: CloudFront, for this distribution only (Origin Access Control).
    const reads = statements.filter((s) => s.Effect === 'Allow')
    expect(reads).toHaveLength(1)
    expect(reads[0]?.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' })
    expect(JSON.stringify(reads[0]?.Condition)).toContain('AWS:SourceArn')
  })

  it('reads the bucket through an Origin Access Control, not a public website endpoint', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1)
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    })
    const origins = config.Origins as { S3OriginConfig?: unknown; OriginAccessControlId?: unknown }[]
    const s3 = origins.filter((o) => o.S3OriginConfig)
    expect(s3).toHaveLength(1)
    expect(s3[0]?.OriginAccessControlId).toBeDefined()
  })

  it('serves the console under /console/* and sends every other path to the API uncached', () => {
    const behaviours = config.CacheBehaviors as { PathPattern: string }[]
    expect(behaviours.map((b) => b.PathPattern)).toEqual(['/console/*'])
    const api = config.DefaultCacheBehavior as Record<string, unknown>
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PUT', 'PATCH', 'DELETE']))
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad') // Managed-CachingDisabled
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac') // AllViewerExceptHostHeader
    const origins = config.Origins as { CustomOriginConfig?: unknown; OriginPath?: string }[]
    const custom = origins.filter((o) => o.CustomOriginConfig)
    expect(custom).toHaveLength(1)
    expect(custom[0]?.OriginPath).toBe('/v1')
    // No distribution-wide error pages: they would turn the API's 403 and 404 into the console's page.
    expect(config.CustomErrorResponses).toBeUndefined()
  })

  it('answers a path of the app with its page, a file with itself, and other sites with 403', () => {
    const ranges = ['203.0.113.0/24']
    expect(viewerRequest(ranges, true, '203.0.113.9', '/console/runs/r-1').uri).toBe('/console/index.html')
    expect(viewerRequest(ranges, true, '203.0.113.9', '/console/assets/app-1a2b.js').uri).toBe(
      '/console/assets/app-1a2b.js',
    )
    expect(viewerRequest(ranges, true, '198.51.100.1', '/console/').statusCode).toBe(403)
    expect(viewerRequest(ranges, false, '198.51.100.1', '/runs').statusCode).toBe(403)
    expect(viewerRequest(ranges, false, '203.0.113.200', '/runs').uri).toBe('/runs')
    expect(viewerRequest(ranges, false, '203.0.113.1', '/').headers?.location.value).toBe('/console/')
    expect(viewerRequest(['10.0.0.1'], false, '10.0.0.1', '/runs').uri).toBe('/runs')
    expect(viewerRequest(['10.0.0.1/32'], false, '10.0.0.2', '/runs').statusCode).toBe(403)
    expect(viewerRequest(ranges, false, '2001:db8::1', '/runs').statusCode).toBe(403)
  })

  it('gives the console a public app client: authorization code only, no secret, callback on the distribution', () => {
    const clientId = logicalIdOf(stack, hosting.client)
    const client = template.toJSON().Resources[clientId].Properties
    expect(client.AllowedOAuthFlows).toEqual(['code'])
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true)
    expect(client.GenerateSecret).toBe(false)
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email'])
    const distributionId = logicalIdOf(stack, hosting.distribution)
    const callback = JSON.stringify(client.CallbackURLs)
    expect(callback).toContain(distributionId)
    expect(callback).toContain('/console/')
    expect(JSON.stringify(client.LogoutURLs)).toBe(callback)
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1)
  })

  it('lets the authorizer accept ID tokens of the CLI client and of the console client', () => {
    const authorizer = template.toJSON().Resources[logicalIdOf(stack, stack.authorizer.fn)].Properties
    const audience = JSON.stringify(authorizer.Environment.Variables.CHORUS_AUTH_AUDIENCE)
    expect(audience).toContain(logicalIdOf(stack, stack.userPool.client))
    expect(audience).toContain(logicalIdOf(stack, hosting.client))
  })

  it('deploys the build and a config.json under console/, and synthesizes without a build', () => {
    const app = testApp()
    const bare = new Stack(app, 'Bare', { env: { region: 'eu-west-1' } })
    const api = new RestApi(bare, 'Api', { deployOptions: { stageName: 'v1' } })
    api.root.addMethod('GET', new MockIntegration())
    const console = new ConsoleHosting(bare, 'Console', {
      stage: 'test',
      api,
      originVerifyValue: 'test-origin-secret',
      userPool: new UserPool(bare, 'Pool'),
      assetsDir: join(import.meta.dirname, 'no-such-build'),
      allowedIpRanges: ['203.0.113.0/24'],
      logRetentionDays: 14,
    })
    const deployment = Template.fromStack(bare).findResources('Custom::CDKBucketDeployment')
    const [props] = Object.values(deployment).map((r) => r.Properties as Record<string, unknown>)
    expect(props?.DestinationBucketKeyPrefix).toBe('console/')
    expect(props?.SourceObjectKeys).toHaveLength(2)
    expect(JSON.stringify(props?.SourceMarkers)).toContain(logicalIdOf(bare, console.client))
    expect(props?.DistributionPaths).toEqual(['/console/index.html', '/console/config.json'])
  })

  describe("the console's security headers", () => {
    const policyId = logicalIdOf(stack, hosting.headers)
    const headers = template.toJSON().Resources[policyId].Properties.ResponseHeadersPolicyConfig
      .SecurityHeadersConfig as Record<string, Record<string, unknown>>
    const csp = render(headers.ContentSecurityPolicy?.ContentSecurityPolicy)
    /** The Cognito domain as the template names it: `https://<domain ref>.auth.<region>.amazoncognito.com`. */
    const cognito = `https://<ref:${logicalIdOf(stack, hosting.domain)}>.auth.${stack.region}.amazoncognito.com`

    it('puts them on the console behaviour only, in a policy of the stack (not the managed one)', () => {
      const console = (config.CacheBehaviors as { ResponseHeadersPolicyId?: unknown }[])[0]
      expect(console?.ResponseHeadersPolicyId).toEqual({ Ref: policyId })
      expect((config.DefaultCacheBehavior as Record<string, unknown>).ResponseHeadersPolicyId).toBeUndefined()
    })

    it("is the local server's policy with the Cognito domain added, and overrides what the origin sends", () => {
      expect(csp).toBe(consoleContentSecurityPolicy(cognito))
      expect(headers.ContentSecurityPolicy?.Override).toBe(true)
      expect(csp.split('; ')).toEqual(
        expect.arrayContaining([
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          `connect-src 'self' ${cognito}`,
          `form-action 'self' ${cognito}`,
          "frame-ancestors 'none'",
          "base-uri 'none'",
        ]),
      )
      expect(csp).not.toMatch(/unsafe-|\*/)
    })

    it('adds HSTS for two years, nosniff, no referrer and no framing, as the local page does', () => {
      expect(headers.StrictTransportSecurity).toEqual({
        AccessControlMaxAgeSec: CONSOLE_HSTS_MAX_AGE_SECONDS,
        IncludeSubdomains: true,
        Override: true,
      })
      expect(headers.ContentTypeOptions).toEqual({ Override: true })
      const local = consolePageHeaders()
      expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: local['referrer-policy'], Override: true })
      expect(headers.FrameOptions).toEqual({ FrameOption: local['x-frame-options'], Override: true })
    })
  })
})
