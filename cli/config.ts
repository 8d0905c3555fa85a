import { join, resolve } from 'node:path'
import { z } from 'zod'
import {
  type CredentialsFile,
  defaultTenantOf,
  readCredentialsFile,
  TenantSlug,
} from '#platform/auth/dev-credentials.ts'
import { CliError } from './cli-error.ts'

/** The environment the CLI reads, parsed once. */
const Env = z.object({
  CHORUS_URL: z.url().optional(),
  CHORUS_TOKEN: z.string().min(1).optional(),
  CHORUS_API_KEY: z.string().min(1).optional(),
  CHORUS_TENANT: TenantSlug.optional(),
  CHORUS_DATA_DIR: z.string().min(1).default('.chorus/data'),
  CHORUS_HOST: z.string().min(1).default('127.0.0.1'),
  CHORUS_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
})

/**
 * Where the API is and how to authenticate: `--url`, then `CHORUS_URL`; `--tenant` (that
 * tenant's dev credentials), then `CHORUS_TOKEN`/`CHORUS_API_KEY`, then `CHORUS_TENANT`, then the
 * tenant selected in the dev credentials file (or its only tenant).
 */
export interface CliConfig {
  url: string
  token: string
  apiKey: string
  /** The tenant whose dev credentials are used; undefined when they come from the environment. */
  tenantId?: string
}

const invalid = (issues: z.core.$ZodIssue[]) =>
  new CliError(
    'config.invalid',
    issues.map((i) => `${i.path.join('.') || 'tenant'}: ${i.message}`).join('; '),
  )

/** The dev credentials file of the data directory `CHORUS_DATA_DIR` names. */
export const credentialsPath = (env: Record<string, string | undefined>, cwd: string) =>
  join(resolve(cwd, env.CHORUS_DATA_DIR || '.chorus/data'), 'auth', 'credentials.json')

/** Reads the dev credentials file; a file that cannot be read is a CLI error, an absent one is empty. */
export const readCliCredentials = async (file: string): Promise<CredentialsFile> => {
  try {
    return await readCredentialsFile(file)
  } catch (error) {
    throw new CliError('config.invalid', (error as Error).message)
  }
}

/** A tenant named by a flag, checked like `CHORUS_TENANT`. */
export const tenantFlag = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined
  const parsed = TenantSlug.safeParse(value)
  if (!parsed.success) throw invalid(parsed.error.issues)
  return parsed.data
}

export const loadCliConfig = async (
  env: Record<string, string | undefined>,
  cwd: string,
  flags: { url?: string | undefined; tenant?: string | undefined } = {},
): Promise<CliConfig> => {
  const parsed = Env.safeParse(env)
  if (!parsed.success) throw invalid(parsed.error.issues)
  const e = parsed.data
  const url = (flags.url ?? e.CHORUS_URL ?? `http://${e.CHORUS_HOST}:${e.CHORUS_PORT}`).replace(/\/+$/, '')
  const named = tenantFlag(flags.tenant)
  if (!named && e.CHORUS_TOKEN && e.CHORUS_API_KEY)
    return { url, token: e.CHORUS_TOKEN, apiKey: e.CHORUS_API_KEY }

  const file = credentialsPath(env, cwd)
  const stored = await readCliCredentials(file)
  const chosen = named ?? (e.CHORUS_TOKEN ? undefined : e.CHORUS_TENANT)
  const tenantId = chosen ?? e.CHORUS_TENANT ?? defaultTenantOf(stored)
  const entry = tenantId ? stored.tenants[tenantId] : undefined
  if (chosen && !entry)
    throw new CliError(
      'config.noCredentials',
      `no credentials of tenant ${chosen} in ${file}: create them with chorus login --tenant ${chosen}`,
    )
  const token = (named ? undefined : e.CHORUS_TOKEN) ?? entry?.token
  const apiKey = (named ? undefined : e.CHORUS_API_KEY) ?? entry?.apiKey
  if (!token || !apiKey) {
    const tenants = Object.keys(stored.tenants).sort()
    throw new CliError(
      'config.noCredentials',
      tenants.length > 1 && !tenantId
        ? `${file} holds several tenants (${tenants.join(', ')}): pick one with --tenant <id>, CHORUS_TENANT or chorus login --tenant <id>`
        : `no credentials: set CHORUS_TOKEN and CHORUS_API_KEY, or start Chorus once (npm start) to create ${file}`,
    )
  }
  return { url, token, apiKey, ...(entry && tenantId ? { tenantId } : {}) }
}
