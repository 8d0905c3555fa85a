import { credentialExports } from '#platform/auth/dev-credentials.ts'
import { loadConfig } from '../../runtime/local/config.ts'
import { CliError } from '../cli-error.ts'
import { credentialsPath, readCliCredentials, tenantFlag } from '../config.ts'
import type { CliIo } from '../io.ts'

const SAID = {
  created: 'created and selected',
  renewed: 'selected (token renewed)',
  selected: 'selected',
} as const

/**
 * `chorus login [--tenant <id>]`: selects a tenant's dev credentials for the next commands and
 * prints them as shell exports; creates them on the dev identity when the tenant has none. The
 * tenant: `--tenant`, else `CHORUS_TENANT`, else the one selected now.
 */
export const login = async (io: CliIo, options: { tenant: string | undefined; json: boolean }) => {
  const stored = await readCliCredentials(credentialsPath(io.env, io.cwd))
  const tenantId = tenantFlag(options.tenant ?? io.env.CHORUS_TENANT) ?? stored.selected
  if (!tenantId) throw new CliError('usage', 'name the tenant: chorus login --tenant <id>')
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig({ ...io.env, CHORUS_TENANT: tenantId }, io.cwd)
  } catch (error) {
    throw new CliError('config.invalid', (error as Error).message)
  }
  // The store and the AWS SDK load only here: other commands never open the local data.
  const { devLogin } = await import('../../runtime/local/dev-login.ts')
  const done = await devLogin(config, tenantId).catch((error: unknown) => {
    const code = (error as { code?: string }).code
    throw new CliError(code ?? 'login.failed', (error as Error).message)
  })
  if (options.json) {
    io.stdout(`${JSON.stringify(done)}\n`)
    return 0
  }
  const others = done.tenants.filter((tenant) => tenant !== tenantId)
  io.stdout(
    [
      `Tenant ${tenantId} ${SAID[done.action]}; the chorus CLI uses it from now on (${done.credentialsFile}).`,
      ...(others.length > 0 ? [`Other tenants there: ${others.join(', ')}.`] : []),
      'For other clients:',
      ...credentialExports({ tenantId, token: done.token, apiKey: done.apiKey }).map((line) => `  ${line}`),
      '',
    ].join('\n'),
  )
  return 0
}
