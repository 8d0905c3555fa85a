/**
 * One server-sent event as a client (the CLI, the test harness) reads it back from what `sseFrame` wrote: its id,
 * its type and its data (the JSON text of a Chorus event).
 */
export interface SseMessage {
  id?: string
  event: string
  data: string
}

/**
 * Reads server-sent events from a response body, one message per blank-line-separated block
 * (comments and `retry:` lines are skipped), until the server ends the stream.
 * @example for await (const m of readSse(response.body)) console.log(m.event)
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder()
  let buffer = ''
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true }).replaceAll('\r\n', '\n')
    let end = buffer.indexOf('\n\n')
    while (end >= 0) {
      const message = parseBlock(buffer.slice(0, end))
      buffer = buffer.slice(end + 2)
      if (message) yield message
      end = buffer.indexOf('\n\n')
    }
  }
}

const parseBlock = (block: string): SseMessage | undefined => {
  let id: string | undefined
  let event = 'message'
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'id') id = value
    else if (field === 'event') event = value
    else if (field === 'data') data.push(value)
  }
  return data.length > 0 ? { ...(id !== undefined ? { id } : {}), event, data: data.join('\n') } : undefined
}
