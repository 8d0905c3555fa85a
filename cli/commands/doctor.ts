import { loadConfig } from '../../runtime/local/config.ts'
import { CliError } from '../cli-error.ts'
import { type Check, fix, lineOf } from '../doctor/check.ts'
import { checkDataDir, checkModel, checkNode } from '../doctor/local-checks.ts'
import { checkAwsEndpoints, checkServer } from '../doctor/server-checks.ts'
import type { CliIo } from '../io.ts'

/**
 * `chorus doctor`: checks a setup before a chat finds out: Node, the data directory and who holds
 * it, the model endpoint (one tiny call), the credentials against the running server, the tenant's
 * teams, and in AWS mode the endpoints. One `ok`/`fix` line per check; exit 1 when any needs a fix.
 */
export const doctor = async (
  io: CliIo,
  options: { url: string | undefined; tenant: string | undefined; json: boolean },
): Promise<number> => {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(io.env, io.cwd)
  } catch (error) {
    throw new CliError('config.invalid', (error as Error).message)
  }
  const dataDir = await checkDataDir(config.dataDir)
  const url = (
    options.url ??
    io.env.CHORUS_URL ??
    dataDir.server ??
    `http://${config.host}:${config.port}`
  ).replace(/\/+$/, '')
  const checks: Check[] = [
    checkNode(),
    dataDir,
    await checkModel(config),
    ...(await checkServer(io.env, io.cwd, { url, tenant: options.tenant }).catch((error: unknown) => [
      fix('credentials', `the check failed: ${(error as Error).message}`, 'see the message'),
    ])),
    ...(await checkAwsEndpoints(io.env)),
  ].map(({ name, ok, detail, fix: what }) => ({ name, ok, detail, ...(what ? { fix: what } : {}) }))
  const healthy = checks.every((c) => c.ok)
  if (options.json) io.stdout(`${JSON.stringify({ ok: healthy, checks }, null, 2)}\n`)
  else io.stdout(`${checks.map(lineOf).join('\n')}\n`)
  return healthy ? 0 : 1
}
