import { credentialExports, tokenLive } from '#platform/auth/index.ts'
import { loadConfig } from '../../runtime/local/config.ts'
import { readDataDirHolder } from '../../runtime/local/data-dir-holder.ts'
import { CliError } from '../cli-error.ts'
import { credentialsPath, readCliCredentials, tenantFlag } from '../config.ts'
import type { CliIo } from '../io.ts'

/**
 * `chorus env [--tenant <id>]`: the shell exports of a tenant's dev credentials (the one named,
 * else `CHORUS_TENANT`, else the selected one) and the URL of the server on the data directory,
 * for `eval "$(npx chorus env)"`. Renews a token about to expire; never changes the selection.
 */
export const printEnv = async (
  io: CliIo,
  options: { tenant: string | undefined; url: string | undefined; json: boolean },
) => {
  const file = credentialsPath(io.env, io.cwd)
  const stored = await readCliCredentials(file)
  const tenants = Object.keys(stored.tenants).sort()
  const tenantId =
    tenantFlag(options.tenant ?? io.env.CHORUS_TENANT) ??
    stored.selected ??
    (tenants.length === 1 ? tenants[0] : undefined)
  if (!tenantId)
    throw new CliError(
      'config.noCredentials',
      tenants.length > 1
        ? `${file} holds several tenants (${tenants.join(', ')}): pick one with --tenant <id>`
        : `no dev credentials in ${file}: start Chorus once (npx chorus start) to create them`,
    )
  const entry = stored.tenants[tenantId]
  if (!entry)
    throw new CliError(
      'config.noCredentials',
      `no credentials of tenant ${tenantId} in ${file}: create them with chorus login --tenant ${tenantId}`,
    )
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig({ ...io.env, CHORUS_TENANT: tenantId }, io.cwd)
  } catch (error) {
    throw new CliError('config.invalid', (error as Error).message)
  }
  let { token } = entry
  if (!tokenLive(token)) {
    const { devLogin } = await import('../../runtime/local/dev-login.ts')
    token = (await devLogin(config, tenantId, { select: false })).token
  }
  const url = (
    options.url ??
    io.env.CHORUS_URL ??
    readDataDirHolder(config.dataDir)?.url ??
    `http://${config.host}:${config.port}`
  ).replace(/\/+$/, '')
  const exports = { url, tenantId, token, apiKey: entry.apiKey }
  if (options.json) io.stdout(`${JSON.stringify({ ...exports, credentialsFile: file })}\n`)
  else io.stdout(`${credentialExports(exports).join('\n')}\n`)
  return 0
}
