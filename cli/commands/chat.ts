import type { Client } from '../client.ts'
import type { CliIo } from '../io.ts'
import { followRun, progressLine } from '../progress.ts'

/**
 * `chorus chat "<text>"`: sends the message (`Prefer: respond-async`), prints each step as it
 * happens, then the answer. `--json` prints one JSON document instead. Exit 1 when the run fails.
 * `--multitask` says what the message does while the chat has a run going (the API checks it);
 * `--max-tokens` and the other `--max-*` flags are the run's budget (ADR 0031, the API checks it).
 */
export const chat = async (
  client: Client,
  io: CliIo,
  options: {
    text: string
    chatId: string
    multitask?: string
    budget?: Record<string, number>
    json: boolean
  },
): Promise<number> => {
  const { body } = await client.call('postMessage', {
    params: { chatId: options.chatId },
    body: {
      content: options.text,
      // As typed on the command line; the server refuses a policy it does not know (422).
      ...(options.multitask ? { multitask: options.multitask as 'reject' } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
    },
    headers: { Prefer: 'respond-async' },
  })
  const events = await followRun(client, body.runId, (event) => {
    const line = options.json ? undefined : progressLine(event, io.tty)
    if (line) io.stdout(`${line}\n`)
  })
  const end = events.at(-1)
  const completed = end?.meta.name === 'RunCompleted'
  if (options.json) {
    const outcome = completed ? { reply: end?.data.output } : { failure: end?.data.reason }
    io.stdout(
      `${JSON.stringify({ runId: body.runId, status: completed ? 'completed' : 'failed', ...outcome, events: events.map((e) => e.meta.name) }, null, 2)}\n`,
    )
  } else if (completed) io.stdout(`\n${String(end?.data.output)}\n`)
  return completed ? 0 : 1
}
