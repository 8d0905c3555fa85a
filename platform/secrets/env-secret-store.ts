import type { SecretStore } from './secret-store.ts'
import { secretNotFound } from './secret-store.ts'

export interface EnvSecretStoreOptions {
  /** The environment, passed in by the composition root (nothing else reads `process.env`). */
  env: Record<string, string | undefined>
  /** Explicit secret name → variable name, e.g. `{ 'chorus/openai': 'OPENAI_API_KEY' }`. */
  names?: Record<string, string>
}

/**
 * The variable a secret name maps to when `names` does not list it:
 * `CHORUS_SECRET_` + the name upper-cased with every other character as `_`.
 * @example envNameOf('chorus/openai-key') // 'CHORUS_SECRET_CHORUS_OPENAI_KEY'
 */
export const envNameOf = (name: string): string =>
  `CHORUS_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`

/** Embedded {@link SecretStore}: secrets are environment variables, read once from the given record. */
export const makeEnvSecretStore = ({ env, names = {} }: EnvSecretStoreOptions): SecretStore => {
  const values = { ...env }
  return {
    get: async (name) => {
      const value = values[names[name] ?? envNameOf(name)]
      if (value === undefined || value === '') throw secretNotFound(name)
      return value
    },
  }
}
