import { type AwsRuntime, startAwsRuntime } from '../aws/app.ts'
import { loadAwsConfig } from '../aws/config.ts'

let started: Promise<AwsRuntime> | undefined

/**
 * The AWS runtime of this Lambda container: built on first use from the environment, then reused by
 * every invocation (clients, table, core). A failed start is not cached, so the next invocation retries.
 */
export const containerRuntime = (): Promise<AwsRuntime> => {
  started ??= startAwsRuntime({ config: loadAwsConfig(process.env) }).catch((error: unknown) => {
    started = undefined
    throw error
  })
  return started
}
