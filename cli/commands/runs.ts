import type { Client } from '../client.ts'
import type { CliIo } from '../io.ts'
import { followRun, progressLine } from '../progress.ts'

const oneLine = (text: string, width: number) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat
}

/** `chorus runs ls [--status s] [--limit n]`: newest first, one line each. */
export const listRuns = async (
  client: Client,
  io: CliIo,
  options: { status?: string | undefined; limit: number; json: boolean },
): Promise<number> => {
  const { body } = await client.call('listRuns', { query: { limit: options.limit, status: options.status } })
  if (options.json) io.stdout(`${JSON.stringify(body.runs, null, 2)}\n`)
  else if (body.runs.length === 0) io.stdout('no runs\n')
  else
    for (const run of body.runs)
      io.stdout(`${run.runId}  ${run.status.padEnd(9)}  ${run.createdAt}  ${oneLine(run.request, 60)}\n`)
  return 0
}

/** `chorus runs show <id>`: status, steps, answer or failure, usage. */
export const showRun = async (
  client: Client,
  io: CliIo,
  options: { runId: string; json: boolean },
): Promise<number> => {
  const { body: run } = await client.call('getRun', { params: { runId: options.runId } })
  if (options.json) {
    io.stdout(`${JSON.stringify(run, null, 2)}\n`)
    return 0
  }
  const lines = [
    `run      ${run.runId}`,
    `status   ${run.status}`,
    `request  ${oneLine(run.request, 100)}`,
    `created  ${run.createdAt}`,
    ...run.steps.map((s, i) => `${i === 0 ? 'steps   ' : '        '} ${s.stepId} (${s.team}) ${s.status}`),
    `usage    ${run.usage.modelCalls} model calls, ${run.usage.totalTokens} tokens`,
    `events   ${run.events.map((e) => e.name).join(' → ')}`,
    ...(run.failure ? [`failure  ${run.failure.code}: ${run.failure.message}`] : []),
    ...(run.output !== undefined ? ['', run.output] : []),
  ]
  io.stdout(`${lines.join('\n')}\n`)
  return run.status === 'failed' ? 1 : 0
}

/** `chorus runs watch <id>`: the run's events as they happen, until it ends. */
export const watchRun = async (
  client: Client,
  io: CliIo,
  options: { runId: string; json: boolean },
): Promise<number> => {
  const events = await followRun(client, options.runId, (event) => {
    const line = options.json ? JSON.stringify(event) : progressLine(event, io.tty)
    if (line) io.stdout(`${line}\n`)
  })
  return events.at(-1)?.meta.name === 'RunCompleted' ? 0 : 1
}
