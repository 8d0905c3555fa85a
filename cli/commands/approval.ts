import { readFile } from 'node:fs/promises'
import { CliError } from '../cli-error.ts'
import type { Client } from '../client.ts'
import type { CliIo } from '../io.ts'

/**
 * `chorus approve <runId> [--reason r] [--plan edited.json]` and `chorus reject <runId> --reason r`:
 * the decision on a run that waits for approval (ADR 0023). A second, different decision is refused
 * by the API naming the first (exit 2).
 */
export const decideApproval = async (
  client: Client,
  io: CliIo,
  options: {
    runId: string
    decision: 'approve' | 'reject'
    reason?: string | undefined
    planFile?: string | undefined
    json: boolean
  },
): Promise<number> => {
  const plan = options.planFile ? await readPlan(options.planFile) : undefined
  const { body } = await client.call('decideApproval', {
    params: { runId: options.runId },
    body: {
      decision: options.decision,
      ...(options.reason ? { reason: options.reason } : {}),
      // The file's JSON as read; the server checks that it is a plan.
      ...(plan !== undefined ? { plan: plan as Record<string, unknown> } : {}),
    },
  })
  if (options.json) io.stdout(`${JSON.stringify(body, null, 2)}\n`)
  else
    io.stdout(
      `run ${body.runId}: ${body.decision === 'approve' ? 'approved' : 'rejected'}${body.edited ? ' with the edited plan' : ''} by ${body.actor.id} at ${body.decidedAt}${body.reason ? ` (${body.reason})` : ''}\n` +
        `follow it with: chorus runs watch ${body.runId}\n`,
    )
  return 0
}

const readPlan = async (file: string): Promise<unknown> => {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown
  } catch (error) {
    throw new CliError('usage', `--plan ${file}: ${(error as Error).message}`)
  }
}
