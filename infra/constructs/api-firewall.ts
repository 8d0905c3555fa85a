import { RemovalPolicy, SecretValue } from 'aws-cdk-lib'
import type { Stage } from 'aws-cdk-lib/aws-apigateway'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { CfnIPSet, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2'
import { Construct } from 'constructs'
import { acknowledge } from '../nag/acknowledge.ts'

/** The header CloudFront adds to every request it sends to the API (lowercase: WAF matches header names so). */
export const ORIGIN_VERIFY_HEADER = 'x-chorus-origin-verify'

/**
 * Bump to rotate the origin secret: a new secret replaces the old on the next deploy, and the
 * distribution and the web ACL both take its value in the same update (ADR 0034).
 */
export const ORIGIN_VERIFY_GENERATION = 1

/** The header CloudFront appends the viewer's address to, last (a viewer may send its own values before it). */
const FORWARDED_FOR = {
  headerName: 'X-Forwarded-For',
  fallbackBehavior: 'NO_MATCH',
  position: 'LAST',
} as const

export interface ApiFirewallProps {
  stage: string
  /** The API stage the web ACL is associated with. */
  apiStage: Stage
  /** The only source ranges admitted, directly or (as the viewer's address) through CloudFront. */
  allowedIpRanges: readonly string[]
}

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
})

/** One statement when one, else their `OrStatement`. */
const anyOf = (statements: CfnWebACL.StatementProperty[]): CfnWebACL.StatementProperty =>
  statements.length === 1 ? (statements[0] as CfnWebACL.StatementProperty) : { orStatement: { statements } }

/**
 * The REST API's allow-list as a regional WAF web ACL on its stage: a request is allowed when its
 * source address is in the stage's ranges, or when it carries the distribution's secret origin header
 * and the viewer address CloudFront appended to `X-Forwarded-For` is in them; everything else is
 * blocked. The secret is generated in Secrets Manager and read by CloudFront and the web ACL through
 * dynamic references.
 */
export class ApiFirewall extends Construct {
  readonly webAcl: CfnWebACL
  readonly ipSets: CfnIPSet[]
  readonly secret: Secret
  /** The secret's value as a CloudFormation dynamic reference, for the distribution's origin header. */
  readonly originVerifyValue: string

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id)
    this.secret = new Secret(this, `OriginVerify${ORIGIN_VERIFY_GENERATION}`, {
      description: `Chorus ${props.stage}: the ${ORIGIN_VERIFY_HEADER} header CloudFront sends to the API`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      // A rotation replaces it: the old generation goes when the stack update completes.
      removalPolicy: RemovalPolicy.DESTROY,
    })
    acknowledge(
      this.secret,
      'SMG4',
      'Rotated by a deploy, not by a rotation Lambda: bumping ORIGIN_VERIFY_GENERATION replaces the secret and ' +
        'updates the distribution and the web ACL together (ADR 0034)',
    )
    this.originVerifyValue = SecretValue.secretsManager(this.secret.secretArn).unsafeUnwrap()

    const byVersion = [
      { version: 'IPV4', ranges: props.allowedIpRanges.filter((r) => !r.includes(':')) },
      { version: 'IPV6', ranges: props.allowedIpRanges.filter((r) => r.includes(':')) },
    ].filter((v) => v.ranges.length > 0)
    this.ipSets = byVersion.map(
      ({ version, ranges }) =>
        new CfnIPSet(this, `Allowed${version}`, {
          name: `chorus-${props.stage}-allowed-${version.toLowerCase()}`,
          // WAF descriptions take letters, digits, spaces and =:#@/-,. only.
          description: `Chorus ${props.stage}: allowedIpRanges ${version}`,
          scope: 'REGIONAL',
          ipAddressVersion: version,
          addresses: [...ranges],
        }),
    )
    const sourceInList = anyOf(this.ipSets.map((s) => ({ ipSetReferenceStatement: { arn: s.attrArn } })))
    const viewerInList = anyOf(
      this.ipSets.map((s) => ({
        ipSetReferenceStatement: { arn: s.attrArn, ipSetForwardedIpConfig: FORWARDED_FOR },
      })),
    )
    const fromDistribution: CfnWebACL.StatementProperty = {
      byteMatchStatement: {
        fieldToMatch: { singleHeader: { Name: ORIGIN_VERIFY_HEADER } },
        positionalConstraint: 'EXACTLY',
        searchString: this.originVerifyValue,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    }

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `chorus-${props.stage}-api`,
      description: `Chorus ${props.stage}: API source allow-list, direct or as the viewer behind CloudFront`,
      scope: 'REGIONAL',
      defaultAction: { block: {} },
      visibilityConfig: visibility(`chorus-${props.stage}-api`),
      rules: [
        {
          name: 'AllowListedSource',
          priority: 0,
          action: { allow: {} },
          statement: sourceInList,
          visibilityConfig: visibility(`chorus-${props.stage}-api-listed-source`),
        },
        {
          name: 'AllowListedViewerThroughCloudFront',
          priority: 1,
          action: { allow: {} },
          statement: { andStatement: { statements: [fromDistribution, viewerInList] } },
          visibilityConfig: visibility(`chorus-${props.stage}-api-listed-viewer`),
        },
      ],
    })
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.apiStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    })
  }
}
