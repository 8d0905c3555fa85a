import { describe, expect, it } from 'vitest'
import { readSse, type SseMessage } from './sse-reader.ts'

const streamOf = (chunks: string[]): ReadableStream<Uint8Array> => {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk))
      controller.close()
    },
  })
}

const readAll = async (chunks: string[]): Promise<SseMessage[]> => {
  const messages: SseMessage[] = []
  for await (const message of readSse(streamOf(chunks))) messages.push(message)
  return messages
}

describe('readSse', () => {
  it('reads the frames the run stream writes, skipping the retry line and keep-alive comments', async () => {
    const messages = await readAll([
      'retry: 2000\n\n',
      'id: 1\nevent: RunRequested\ndata: {"seq":1}\n\n',
      ': keep-alive\n\n',
      'id: 2\nevent: PlanCreated\ndata: {"seq":2}\n\n',
    ])

    expect(messages).toEqual([
      { id: '1', event: 'RunRequested', data: '{"seq":1}' },
      { id: '2', event: 'PlanCreated', data: '{"seq":2}' },
    ])
  })

  it('joins a frame split across chunks, accepts CRLF line ends and multi-line data', async () => {
    const messages = await readAll(['id: 7\r\nevent: Step', 'Completed\r\ndata: a\r\nda', 'ta: b\r\n\r\n'])

    expect(messages).toEqual([{ id: '7', event: 'StepCompleted', data: 'a\nb' }])
  })

  it('names an event without an event line "message" and drops an unfinished last frame', async () => {
    const messages = await readAll(['data: hello\n\n', 'id: 9\ndata: cut off'])

    expect(messages).toEqual([{ event: 'message', data: 'hello' }])
  })
})
