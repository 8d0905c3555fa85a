import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { CliError } from '../cli-error.ts'
import type { Client } from '../client.ts'
import type { CliIo } from '../io.ts'

/** A file holds `{ "Entries": [...] }` (as PutEvents takes it), a list of entries, or one entry. */
const entriesOf = (content: unknown): unknown[] => {
  if (Array.isArray(content)) return content
  if (typeof content === 'object' && content !== null && 'Entries' in content)
    return (content as { Entries: unknown[] }).Entries
  return [content]
}

/** `chorus publish <file.json>`: publishes external events; exit 1 when any entry failed. */
export const publish = async (
  client: Client,
  io: CliIo,
  options: { file: string; json: boolean },
): Promise<number> => {
  const path = resolve(io.cwd, options.file)
  let content: unknown
  try {
    content = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new CliError('publish.badFile', `cannot read ${path} as JSON: ${(error as Error).message}`)
  }
  const { body } = await client.call('postEvents', { body: { Entries: entriesOf(content) } })
  if (options.json) io.stdout(`${JSON.stringify(body, null, 2)}\n`)
  else
    body.Entries.forEach((entry, i) => {
      if ('ErrorCode' in entry) io.stdout(`✗ entry ${i}: ${entry.ErrorCode}: ${entry.ErrorMessage}\n`)
      else {
        const runs = entry.Runs.map((r) => `${r.Trigger} → run ${r.RunId}`).join(', ')
        io.stdout(
          `✓ entry ${i}: event ${entry.EventId}${runs ? ` started ${runs}` : ', no trigger matched'}\n`,
        )
      }
    })
  return body.FailedEntryCount > 0 ? 1 : 0
}
