import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam'

/** Every method of every stage of the API this policy is attached to. */
const ALL_METHODS = 'execute-api:/*'

/**
 * The REST API's resource policy: invoke is allowed from the given source ranges and explicitly
 * denied from anywhere else (an explicit deny wins over any allow an authorizer could add).
 */
export const ipAllowPolicy = (allowedIpRanges: readonly string[]): PolicyDocument =>
  new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'AllowFromConfiguredRanges',
        effect: Effect.ALLOW,
        principals: [new AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: [ALL_METHODS],
        conditions: { IpAddress: { 'aws:SourceIp': [...allowedIpRanges] } },
      }),
      new PolicyStatement({
        sid: 'DenyFromElsewhere',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: [ALL_METHODS],
        conditions: { NotIpAddress: { 'aws:SourceIp': [...allowedIpRanges] } },
      }),
    ],
  })
