/**
 * CDK feature flags Chorus relies on, set in code so `npm run synth`, the CLI and the tests
 * synthesize the same templates (cdk.json context reaches only the CLI).
 */
export const FEATURE_FLAGS = {
  // Server access logs are delivered under a bucket policy, not the legacy log-delivery ACL.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // EventBridge may write to an encrypted target queue for this account only.
  '@aws-cdk/aws-events:eventsTargetQueueSameAccount': true,
  // Cross-stack references are CloudFormation exports the consumer stacks import: a producer cannot drop one
  // that is still in use.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
} as const
