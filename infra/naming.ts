import { Aws, type Stack, Token } from 'aws-cdk-lib'

/** `task-runner` → `TaskRunner`: construct ids from consumer, group and rule names. */
export const pascal = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('')

/**
 * The blob bucket's name: fixed per stage, account and region (bucket names are global), so other
 * stacks can name its objects in policies without a cross-stack reference.
 */
export const blobBucketName = (stage: string, stack: Stack): string =>
  `chorus-${stage}-blobs-${stack.account}-${stack.region}`

/** A resource ARN as policies use it, and as cdk-nag prints it in a finding (`<AWS::AccountId>`…). */
export interface ArnWithFinding {
  arn: string
  finding: string
}

/** How cdk-nag prints the pseudo parameters (`{ Ref: AWS::AccountId }` → `<AWS::AccountId>`). */
const PSEUDO_PARAMETERS: ReadonlyArray<readonly [string, string]> = [
  [Aws.PARTITION, '<AWS::Partition>'],
  [Aws.REGION, '<AWS::Region>'],
  [Aws.ACCOUNT_ID, '<AWS::AccountId>'],
]

/**
 * An ARN in the stack's partition, with its cdk-nag rendering, so a wildcard ARN can be acknowledged
 * by its exact finding id. Region and account are `''` for global resources such as S3 objects.
 * @example arnWithFinding(stack, { service: 's3', region: '', account: '', resource: 'my-bucket/*' })
 */
export const arnWithFinding = (
  stack: Stack,
  parts: { service: string; region?: string; account?: string; resource: string },
): ArnWithFinding => {
  const arn = `arn:${Aws.PARTITION}:${parts.service}:${parts.region ?? stack.region}:${parts.account ?? stack.account}:${parts.resource}`
  const finding = PSEUDO_PARAMETERS.reduce((text, [token, shown]) => text.split(token).join(shown), arn)
  if (Token.isUnresolved(finding))
    throw new Error(`cannot name the cdk-nag finding of ${arn}: it refers to a resource`)
  return { arn, finding }
}
