import { describe, expect, it } from 'vitest'
import { stageConfig } from '../config/stages.ts'
import { ORIGIN_VERIFY_HEADER } from '../constructs/api-firewall.ts'
import { logicalIdOf, resourcesOf, synthStage } from '../testing/synth.ts'

type Statement = Record<string, unknown>
interface Rule {
  Name: string
  Priority: number
  Action: Record<string, unknown>
  Statement: Statement
}

/** The API stage's web ACL, its rules by name, and the logical ids the template refers to. */
const firewallOf = (dev: ReturnType<typeof synthStage>) => {
  const template = dev.templates.api
  const stack = dev.stacks.api
  const acls = resourcesOf(template, 'AWS::WAFv2::WebACL')
  expect(acls).toHaveLength(1)
  const [[aclId, acl]] = acls as [[string, { Properties: Record<string, unknown> }]]
  const rules = new Map((acl.Properties.Rules as Rule[]).map((r) => [r.Name, r]))
  const secretId = logicalIdOf(stack, stack.firewall.secret)
  return { template, stack, aclId, acl: acl.Properties, rules, secretId }
}

const ipSetRef = (statement: Statement) => JSON.stringify(statement.IPSetReferenceStatement)

/** The statements an `AndStatement` or `OrStatement` combines; throws when the statement is not one. */
const partsOf = (statement: Statement | undefined, kind: 'AndStatement' | 'OrStatement'): Statement[] => {
  const parts = (statement?.[kind] as { Statements?: Statement[] } | undefined)?.Statements
  if (!parts) throw new Error(`expected an ${kind}, got ${JSON.stringify(statement)}`)
  return parts
}

describe("the API stage's web ACL (ADR 0034)", () => {
  const dev = synthStage()
  const { template, stack, aclId, acl, rules, secretId } = firewallOf(dev)
  const ipSets = resourcesOf(template, 'AWS::WAFv2::IPSet')

  it('is regional, blocks by default, and is associated with the API stage', () => {
    expect(acl.Scope).toBe('REGIONAL')
    expect(acl.DefaultAction).toEqual({ Block: {} })
    expect(rules.size).toBe(2)
    const associations = resourcesOf(template, 'AWS::WAFv2::WebACLAssociation')
    expect(associations).toHaveLength(1)
    const association = associations[0]?.[1].Properties ?? {}
    expect(association.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] })
    const arn = JSON.stringify(association.ResourceArn)
    expect(arn).toContain(logicalIdOf(stack, stack.api.api))
    expect(arn).toContain(logicalIdOf(stack, stack.api.api.deploymentStage))
    expect(arn).toContain('/stages/')
  })

  it("holds exactly the stage's allowed ranges in its IP set", () => {
    expect(ipSets).toHaveLength(1)
    expect(ipSets[0]?.[1].Properties).toMatchObject({
      Scope: 'REGIONAL',
      IPAddressVersion: 'IPV4',
      Addresses: dev.stage.allowedIpRanges,
    })
  })

  it('allows a source address in the allow-list', () => {
    const rule = rules.get('AllowListedSource')
    expect(rule?.Action).toEqual({ Allow: {} })
    expect(rule?.Statement.IPSetReferenceStatement).toEqual({
      Arn: { 'Fn::GetAtt': [ipSets[0]?.[0], 'Arn'] },
    })
  })

  it('allows CloudFront only with the secret header and a viewer address (last X-Forwarded-For) in the allow-list', () => {
    const rule = rules.get('AllowListedViewerThroughCloudFront')
    expect(rule?.Action).toEqual({ Allow: {} })
    const [header, viewer] = partsOf(rule?.Statement, 'AndStatement') as [Statement, Statement]
    expect(header.ByteMatchStatement).toMatchObject({
      FieldToMatch: { SingleHeader: { Name: ORIGIN_VERIFY_HEADER } },
      PositionalConstraint: 'EXACTLY',
      TextTransformations: [{ Priority: 0, Type: 'NONE' }],
    })
    // The secret is a dynamic reference to the generated secret, never a literal in the template.
    const search = JSON.stringify((header.ByteMatchStatement as Statement).SearchString)
    expect(search).toContain('{{resolve:secretsmanager:')
    expect(search).toContain(secretId)
    expect(viewer.IPSetReferenceStatement).toEqual({
      Arn: { 'Fn::GetAtt': [ipSets[0]?.[0], 'Arn'] },
      IPSetForwardedIPConfig: {
        HeaderName: 'X-Forwarded-For',
        FallbackBehavior: 'NO_MATCH',
        Position: 'LAST',
      },
    })
  })

  it('has CloudFront send the same secret header to the API origin, and not to the bucket', () => {
    const [[, distribution]] = resourcesOf(template, 'AWS::CloudFront::Distribution') as [
      [string, { Properties: { DistributionConfig: { Origins: Statement[] } } }],
    ]
    const origins = distribution.Properties.DistributionConfig.Origins
    const api = origins.find((o) => o.CustomOriginConfig)
    const headers = api?.OriginCustomHeaders as { HeaderName: string; HeaderValue: unknown }[]
    expect(headers.map((h) => h.HeaderName)).toEqual([ORIGIN_VERIFY_HEADER])
    const rule = rules.get('AllowListedViewerThroughCloudFront')
    const [header] = partsOf(rule?.Statement, 'AndStatement') as [Statement]
    expect(headers[0]?.HeaderValue).toEqual((header.ByteMatchStatement as Statement).SearchString)
    expect(origins.find((o) => o.S3OriginConfig)?.OriginCustomHeaders).toBeUndefined()
  })

  it('keeps IPv6 ranges in their own set, checked by both rules', () => {
    const mixed = synthStage(stageConfig('dev', { allowedIpRanges: ['192.0.2.0/24', '2001:db8::/32'] }))
    const { template: t, rules: r } = firewallOf(mixed)
    const sets = resourcesOf(t, 'AWS::WAFv2::IPSet').map(([id, s]) => [id, s.Properties] as const)
    expect(sets.map(([, s]) => [s.IPAddressVersion, s.Addresses])).toEqual([
      ['IPV4', ['192.0.2.0/24']],
      ['IPV6', ['2001:db8::/32']],
    ])
    const source = partsOf(r.get('AllowListedSource')?.Statement, 'OrStatement')
    expect(source.map(ipSetRef)).toEqual(
      sets.map(([id]) => JSON.stringify({ Arn: { 'Fn::GetAtt': [id, 'Arn'] } })),
    )
    const [, viewer] = partsOf(r.get('AllowListedViewerThroughCloudFront')?.Statement, 'AndStatement')
    expect(partsOf(viewer, 'OrStatement').map((s) => (s.IPSetReferenceStatement as Statement).Arn)).toEqual(
      sets.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
    )
  })
})
