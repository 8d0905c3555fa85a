import type { EventPattern } from 'aws-cdk-lib/aws-events'
import type { EventPatternNode } from '#events'

/** EventBridge's limit on a rule's event pattern. */
export const MAX_PATTERN_CHARS = 2048

/**
 * A pattern from `events/` as CDK takes it. CDK renders the keys as given (`detail-type`,
 * `replay-name`), so the rule carries exactly the data the local bus matches with; throws when the
 * pattern exceeds EventBridge's size limit (a routes table grown too large fails synth, not deploy).
 */
export const toEventPattern = (pattern: EventPatternNode, what: string): EventPattern => {
  const size = JSON.stringify(pattern).length
  if (size > MAX_PATTERN_CHARS)
    throw new Error(
      `the event pattern of ${what} has ${size} characters; EventBridge allows ${MAX_PATTERN_CHARS}`,
    )
  return pattern as unknown as EventPattern
}
