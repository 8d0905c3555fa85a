/**
 * What Lambda bundles get instead of packages only the embedded runtime uses (`dynalite`, which loads
 * a native LevelDB binding when imported). `platform/store/index.ts` re-exports the embedded server,
 * so without this the AWS functions would load it, and fail, on every cold start.
 */
const embeddedOnly = (): never => {
  throw new Error('the embedded DynamoDB (dynalite) is not part of the Lambda bundle; on AWS use the table')
}

export default embeddedOnly
