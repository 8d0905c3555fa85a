import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { ChorusError, isChorusError } from '../errors/index.ts'
import type { Logger } from '../log/index.ts'
import { type SecretStore, secretNotFound } from './secret-store.ts'

export interface SecretsManagerStoreDeps {
  client: Pick<SecretsManagerClient, 'send'>
  logger: Logger
  /** How long a value is served from memory before it is fetched again (default 5 minutes). */
  ttlMs?: number
  clock?: () => number
}

interface Cached {
  value: string
  fetchedAt: number
}

const isNotFound = (error: unknown) =>
  (error as { name?: string } | null)?.name === 'ResourceNotFoundException'

/**
 * AWS {@link SecretStore}: Secrets Manager `GetSecretValue` (current version) behind a per-name TTL
 * cache, so a rotated secret is picked up within `ttlMs` without a redeploy. Concurrent reads of one
 * name share a single call. When a refresh fails for a transient reason the last value is served
 * (and a warning logged) rather than failing every request while Secrets Manager is unreachable.
 */
export const makeSecretsManagerStore = ({
  client,
  logger,
  ttlMs = 5 * 60_000,
  clock = Date.now,
}: SecretsManagerStoreDeps): SecretStore => {
  const cache = new Map<string, Cached>()
  const inFlight = new Map<string, Promise<string>>()

  const fetchValue = async (name: string): Promise<string> => {
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: name }))
      const value =
        out.SecretString ?? (out.SecretBinary ? new TextDecoder().decode(out.SecretBinary) : undefined)
      if (value === undefined) throw secretNotFound(name)
      cache.set(name, { value, fetchedAt: clock() })
      return value
    } catch (error) {
      if (isNotFound(error)) throw secretNotFound(name, error)
      if (isChorusError(error)) throw error
      const stale = cache.get(name)
      if (stale) {
        logger.warn('secret refresh failed, serving the cached value', { secret: name, error })
        return stale.value
      }
      throw new ChorusError('secret.unavailable', `secret "${name}" could not be read`, {
        retryable: true,
        cause: error,
      })
    }
  }

  return {
    get: async (name) => {
      const cached = cache.get(name)
      if (cached && clock() - cached.fetchedAt < ttlMs) return cached.value
      const pending = inFlight.get(name)
      if (pending) return pending
      const fetching = fetchValue(name).finally(() => inFlight.delete(name))
      inFlight.set(name, fetching)
      return fetching
    },
  }
}
