import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { ChorusError } from '../errors/index.ts'

/** A tenant slug, as `CHORUS_TENANT` and the tenant claim carry it. */
export const TenantSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes')

/** What a caller of one tenant needs: a bearer token and an API key. */
export const TenantCredentials = z.looseObject({ token: z.string().min(1), apiKey: z.string().min(1) })
export type TenantCredentials = z.infer<typeof TenantCredentials>

/**
 * `credentials.json` under `<data dir>/auth/`: the credentials of every tenant this install has
 * issued, side by side, and which one a client uses when it names none.
 */
export const CredentialsFile = z.looseObject({
  version: z.literal(2),
  /** The tenant of the last `npm start` or `chorus login`. */
  selected: TenantSlug.optional(),
  tenants: z.record(TenantSlug, TenantCredentials),
})
export type CredentialsFile = z.infer<typeof CredentialsFile>

/** The single-tenant file written before version 2: read, never written. */
const CredentialsFileV1 = z.object({
  tenantId: TenantSlug,
  token: z.string().min(1),
  apiKey: z.string().min(1),
})

const EMPTY: CredentialsFile = { version: 2, tenants: {} }

/** Reads the file in either format; an absent file is empty, an unreadable one an error (never silently dropped). */
export const readCredentialsFile = async (path: string): Promise<CredentialsFile> => {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY
    throw error
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new ChorusError('config.invalid', `${path} is not JSON; move it away to start afresh`, { cause })
  }
  const current = CredentialsFile.safeParse(json)
  if (current.success) return current.data
  const old = CredentialsFileV1.safeParse(json)
  if (old.success) {
    const { tenantId, token, apiKey } = old.data
    return { version: 2, selected: tenantId, tenants: { [tenantId]: { token, apiKey } } }
  }
  const problems = current.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
  throw new ChorusError('config.invalid', `${path} is not a credentials file (${problems})`)
}

/** The tenant a client uses when it names none: the selected one, else the only one. */
export const defaultTenantOf = (file: CredentialsFile): string | undefined => {
  const tenants = Object.keys(file.tenants)
  return file.selected ?? (tenants.length === 1 ? tenants[0] : undefined)
}

const LOCK_STALE_MS = 30_000
const LOCK_WAIT_MS = 10_000

/** An exclusive lock file beside `path`, so a server start and a `chorus login` never lose each other's entry. */
const withLock = async <T>(path: string, work: () => Promise<T>): Promise<T> => {
  const lock = `${path}.lock`
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const deadline = Date.now() + LOCK_WAIT_MS
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600)
      await handle.close()
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      )
      if (age > LOCK_STALE_MS) await rm(lock, { force: true })
      else if (Date.now() > deadline)
        throw new ChorusError(
          'config.invalid',
          `${lock} is held by another process; remove it if none runs`,
          {
            retryable: true,
          },
        )
      else await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  try {
    return await work()
  } finally {
    await rm(lock, { force: true })
  }
}

/**
 * Changes the file under a lock: reads the latest content, applies `change`, and replaces the
 * file atomically (mode 0600). Entries `change` does not touch stay as they were.
 */
export const updateCredentialsFile = (
  path: string,
  change: (file: CredentialsFile) => CredentialsFile,
): Promise<CredentialsFile> =>
  withLock(path, async () => {
    const next = change(await readCredentialsFile(path))
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
    await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
    await rename(temporary, path)
    return next
  })

/** Puts one tenant's credentials (and optionally selects it), keeping every other tenant's. */
export const saveTenantCredentials = (
  path: string,
  tenantId: string,
  credentials: TenantCredentials,
  options: { select?: boolean } = {},
) =>
  updateCredentialsFile(path, (file) => ({
    ...file,
    version: 2,
    ...(options.select ? { selected: tenantId } : {}),
    tenants: { ...file.tenants, [tenantId]: credentials },
  }))

/** The shell lines that hand one tenant's credentials to other clients (`eval "$(npx chorus env)"`). */
export const credentialExports = (options: {
  url?: string
  tenantId?: string
  token: string
  apiKey: string
}): string[] => [
  ...(options.url ? [`export CHORUS_URL=${options.url}`] : []),
  ...(options.tenantId ? [`export CHORUS_TENANT=${options.tenantId}`] : []),
  `export CHORUS_TOKEN=${options.token}`,
  `export CHORUS_API_KEY=${options.apiKey}`,
]
