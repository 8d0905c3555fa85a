import type { Client } from '../client.ts'
import type { CliIo } from '../io.ts'

const oneLine = (text: string, width: number) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat
}
const print = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`)

/** `chorus dlq ls [--run id] [--consumer c] [--limit n]`: oldest first, one line each. */
export const listDeadLetters = async (
  client: Client,
  io: CliIo,
  options: { run?: string | undefined; consumer?: string | undefined; limit: number; json: boolean },
): Promise<number> => {
  const { body } = await client.call('listDeadLetters', {
    query: { limit: options.limit, runId: options.run, consumer: options.consumer },
  })
  if (options.json) print(io, body.deadLetters)
  else if (body.deadLetters.length === 0) io.stdout('no dead letters\n')
  else
    for (const l of body.deadLetters)
      io.stdout(
        `${l.id}  ${l.consumer.padEnd(10)} ${l.eventName.padEnd(14)} run ${l.runId}  ${l.receives}×  ${l.at}  ${l.reason.code}: ${oneLine(l.reason.message, 60)}\n`,
      )
  return 0
}

/** `chorus dlq show <id>`: the letter, its reason in full and its event. */
export const showDeadLetter = async (
  client: Client,
  io: CliIo,
  options: { id: string; json: boolean },
): Promise<number> => {
  const { body: l } = await client.call('getDeadLetter', { params: { id: options.id } })
  if (options.json) {
    print(io, l)
    return 0
  }
  const lines = [
    `letter    ${l.id}`,
    `queue     ${l.consumer}`,
    `event     ${l.eventName} ${l.eventId}`,
    `run       ${l.runId}`,
    `receives  ${l.receives}`,
    `at        ${l.at}`,
    `reason    ${l.reason.code}${l.reason.retryable ? ' (retryable)' : ''}: ${l.reason.message}`,
    '',
    JSON.stringify(l.event, null, 2),
  ]
  io.stdout(`${lines.join('\n')}\n`)
  return 0
}

/** `chorus dlq redrive <id>`: the message back on its queue, and what that does to its run. */
export const redriveDeadLetter = async (
  client: Client,
  io: CliIo,
  options: { id: string; json: boolean },
): Promise<number> => {
  const { body } = await client.call('redriveDeadLetter', { params: { id: options.id } })
  if (options.json) {
    print(io, body)
    return 0
  }
  const { deadLetter: l, run } = body
  io.stdout(
    `redriven ${l.eventName} ${l.eventId} to the ${l.consumer} queue\n` +
      `run ${run.runId} ${run.effect === 'resumed' ? 'resumed' : `unchanged (${run.status})`}: ${run.note}\n`,
  )
  return 0
}

/** `chorus dlq discard <id>`: drops the letter without delivering it. */
export const discardDeadLetter = async (
  client: Client,
  io: CliIo,
  options: { id: string; json: boolean },
): Promise<number> => {
  await client.call('discardDeadLetter', { params: { id: options.id } })
  io.stdout(options.json ? `${JSON.stringify({ discarded: options.id })}\n` : `discarded ${options.id}\n`)
  return 0
}
