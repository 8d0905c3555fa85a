import { ChorusError } from '../errors/index.ts'

/**
 * Port for secrets (API keys, tokens): read by name when needed, never logged, never put in events.
 * AWS: Secrets Manager behind a TTL cache; embedded: values from the environment.
 */
export interface SecretStore {
  /** The current value of the secret `name`; `secret.notFound` when there is none. */
  get(name: string): Promise<string>
}

/** The error for a secret that does not exist (not retryable: the deployment is missing it). */
export const secretNotFound = (name: string, cause?: unknown) =>
  new ChorusError('secret.notFound', `secret "${name}" does not exist or has no value`, {
    retryable: false,
    ...(cause === undefined ? {} : { cause }),
  })

/**
 * The store as a plain reader for tools: `prefix + name`, or undefined when the secret does not
 * exist (other failures still throw).
 * @example const read = secretReader(store, 'chorus/'); await read('search.api-key')
 */
export const secretReader =
  (store: SecretStore, prefix = '') =>
  async (name: string): Promise<string | undefined> => {
    try {
      return await store.get(`${prefix}${name}`)
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 'secret.notFound') return undefined
      throw error
    }
  }
