import type { RuntimeName, StartTarget } from './api-target.ts'
import { startAwsTarget } from './aws-target.ts'
import { startLocalTarget } from './local-target.ts'

export * from './api-target.ts'

/**
 * Both runtimes, for `describe.each(API_RUNTIMES)('… (%s)', (runtime, start) => …)`: the embedded one,
 * then the AWS one on moto (the vitest global setup's server; one stack per `start`).
 */
export const API_RUNTIMES: readonly (readonly [RuntimeName, StartTarget])[] = [
  ['local', startLocalTarget],
  ['aws', startAwsTarget],
]

/**
 * Whether a runtime serves the run event stream (`GET /runs/{runId}/events`, server-sent events). The
 * AWS harness serves what the Lambda groups serve; the stream needs a response-streaming function.
 */
export const servesStreams = (runtime: RuntimeName): boolean => runtime === 'local'
