import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root: entries, the lock file and the tsconfig are resolved from here, whatever the cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Where each Lambda's entry point lives, relative to the repository root. Infra references handler
 * code by path only (esbuild bundles it); when an entry point moves, this is the one line to change.
 */
export const LAMBDA_ENTRIES = {
  /** One function per API group of `runtime/lambda/api/routes.ts`. */
  api: (group: string) => `runtime/lambda/api/${group}.ts`,
  /** One function per consumer queue of `events/routes.ts`. */
  consumer: (consumer: string) => `runtime/lambda/consumers/${consumer}.ts`,
  /** The scheduled run-start sweeper (the outbox of runs whose start a crash kept off the bus). */
  sweeper: 'runtime/lambda/sweeper.ts',
  /** The streamed API operations (the run event stream), in response-streaming mode (ADR 0030). */
  streams: 'runtime/lambda/api/streams.ts',
  /** The API's REQUEST authorizer: Cognito ID token and the API key of its tenant (ADR 0024). */
  authorizer: 'runtime/lambda/authorizer.ts',
} as const

/** The absolute path of an entry; throws naming the file and this module when it does not exist. */
export const resolveEntry = (entry: string, what: string): string => {
  const path = join(REPO_ROOT, entry)
  if (!existsSync(path))
    throw new Error(
      `Lambda entry point ${entry} for ${what} does not exist: add it under runtime/lambda, ` +
        'or change its path in infra/config/lambda-entries.ts',
    )
  return path
}
