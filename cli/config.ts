import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { CliError } from './cli-error.ts'

/** The environment the CLI reads, parsed once. */
const Env = z.object({
  CHORUS_URL: z.url().optional(),
  CHORUS_TOKEN: z.string().min(1).optional(),
  CHORUS_API_KEY: z.string().min(1).optional(),
  CHORUS_DATA_DIR: z.string().min(1).default('.chorus/data'),
  CHORUS_HOST: z.string().min(1).default('127.0.0.1'),
  CHORUS_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
})

const CredentialsFile = z.object({ token: z.string().min(1), apiKey: z.string().min(1) })

/** Where the API is and how to authenticate: flags, then `CHORUS_URL`/`CHORUS_TOKEN`/`CHORUS_API_KEY`, then the dev credentials file. */
export interface CliConfig {
  url: string
  token: string
  apiKey: string
}

export const loadCliConfig = async (
  env: Record<string, string | undefined>,
  cwd: string,
  flags: { url?: string | undefined } = {},
): Promise<CliConfig> => {
  const parsed = Env.safeParse(env)
  if (!parsed.success)
    throw new CliError(
      'config.invalid',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    )
  const e = parsed.data
  const url = (flags.url ?? e.CHORUS_URL ?? `http://${e.CHORUS_HOST}:${e.CHORUS_PORT}`).replace(/\/+$/, '')
  if (e.CHORUS_TOKEN && e.CHORUS_API_KEY) return { url, token: e.CHORUS_TOKEN, apiKey: e.CHORUS_API_KEY }
  const file = join(resolve(cwd, e.CHORUS_DATA_DIR), 'auth', 'credentials.json')
  let stored: z.infer<typeof CredentialsFile> | undefined
  try {
    stored = CredentialsFile.parse(JSON.parse(await readFile(file, 'utf8')))
  } catch {
    stored = undefined
  }
  const token = e.CHORUS_TOKEN ?? stored?.token
  const apiKey = e.CHORUS_API_KEY ?? stored?.apiKey
  if (!token || !apiKey)
    throw new CliError(
      'config.noCredentials',
      `no credentials: set CHORUS_TOKEN and CHORUS_API_KEY, or start Chorus once (npm start) to create ${file}`,
    )
  return { url, token, apiKey }
}
