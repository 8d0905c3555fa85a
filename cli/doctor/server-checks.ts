import { decodeJwt } from 'jose'
import { CliError } from '../cli-error.ts'
import { makeClient } from '../client.ts'
import { loadCliConfig } from '../config.ts'
import { type Check, fix, ok, reasonOf } from './check.ts'

/**
 * Credentials present, the token not expired, and accepted by the server at `url`; then the
 * tenant's teams through the API (a tenant without a team cannot chat).
 */
export const checkServer = async (
  env: Record<string, string | undefined>,
  cwd: string,
  flags: { url: string; tenant: string | undefined },
): Promise<Check[]> => {
  let config: Awaited<ReturnType<typeof loadCliConfig>>
  try {
    config = await loadCliConfig(env, cwd, flags)
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    return [
      fix(
        'credentials',
        error.message,
        'start Chorus once (npx chorus start), or chorus login --tenant <id>',
      ),
      fix('teams', 'not checked without credentials', 'fix the credentials first'),
    ]
  }
  const who = config.tenantId ? `tenant ${config.tenantId}` : 'CHORUS_TOKEN/CHORUS_API_KEY'
  const renew = config.tenantId
    ? `chorus login --tenant ${config.tenantId} renews it`
    : 'set a fresh CHORUS_TOKEN (or unset it to use the dev credentials: npx chorus env)'
  let exp: number | undefined
  try {
    exp = decodeJwt(config.token).exp
  } catch {
    return [fix('credentials', `the token of ${who} is not a JWT`, renew)]
  }
  if (exp !== undefined && exp * 1000 <= Date.now())
    return [
      fix('credentials', `the token of ${who} expired at ${new Date(exp * 1000).toISOString()}`, renew),
      fix('teams', 'not checked with an expired token', 'fix the credentials first'),
    ]
  const client = makeClient(config)
  try {
    await client.call('listRuns', { query: { limit: 1 } })
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    const down = error.code === 'http.unreachable'
    return [
      fix(
        'credentials',
        down
          ? `no Chorus answers at ${config.url}`
          : `${config.url} refused the credentials of ${who}: ${error.code}: ${error.message}`,
        down
          ? 'start it: npx chorus start (or set CHORUS_URL)'
          : 'print the right ones with npx chorus env, or chorus login --tenant <id>',
      ),
      fix('teams', 'not checked without a server accepting the credentials', 'fix the credentials first'),
    ]
  }
  const until = exp ? `, token valid until ${new Date(exp * 1000).toISOString()}` : ''
  const credentials = ok('credentials', `${who} accepted by ${config.url}${until}`)
  const { body } = await client.call('listTeams')
  const names = body.teams.map((t) => t.name)
  return [
    credentials,
    names.length > 0
      ? ok('teams', `${names.length} usable: ${names.join(', ')}`)
      : fix(
          'teams',
          `${who} has no team, so every chat fails (plan.noTeams)`,
          'chorus teams reset restores the defaults, or chorus teams apply <path>',
        ),
  ]
}

const ENDPOINTS = ['AWS', 'DYNAMODB', 'EVENTBRIDGE', 'SQS', 'S3', 'SECRETSMANAGER'] as const

/** In AWS mode (`CHORUS_AWS_ENDPOINT` or a per-service `CHORUS_<SERVICE>_ENDPOINT`): each endpoint answers HTTP. */
export const checkAwsEndpoints = async (env: Record<string, string | undefined>): Promise<Check[]> => {
  const set = ENDPOINTS.flatMap((service) => {
    const url = env[`CHORUS_${service}_ENDPOINT`]
    return url ? [[service, url] as const] : []
  })
  return Promise.all(
    set.map(async ([service, url]) => {
      const name = service === 'AWS' ? 'aws' : `aws ${service.toLowerCase()}`
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
        await response.body?.cancel()
        return ok(name, `${url} answers (HTTP ${response.status})`)
      } catch (error) {
        return fix(
          name,
          `${url} is unreachable (${reasonOf(error)})`,
          `check CHORUS_${service}_ENDPOINT and that the service runs`,
        )
      }
    }),
  )
}
