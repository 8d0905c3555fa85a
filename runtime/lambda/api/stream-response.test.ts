import { Readable, Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { httpResponseStreamFrom, responseStream } from '../testing.ts'
import { streamResult } from './stream-response.ts'

/** A body that sends a frame whenever asked, until it is closed; `closed` tells whether its reader stopped. */
const endlessBody = () => {
  const state = { sent: 0, closed: false }
  const frames = async function* () {
    try {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve))
        yield `id: ${++state.sent}\n\n`
      }
    } finally {
      state.closed = true
    }
  }
  return { state, body: Readable.from(frames(), { objectMode: false }) }
}

/** Once a body is closed: its generator returned (after the step it was in). */
const closedBody = (body: Readable) =>
  new Promise<void>((resolve) => (body.closed ? resolve() : body.once('close', () => resolve())))

const sse = { 'content-type': 'text/event-stream; charset=utf-8' }

describe('streamResult (a handler answer down a Lambda response stream)', () => {
  it('writes the status and headers ahead of a plain answer', async () => {
    const res = responseStream()

    await streamResult(
      { statusCode: 404, headers: { 'content-type': 'application/json' }, body: '{"error":{}}' },
      res.stream,
      { from: httpResponseStreamFrom, outOfTime: () => false },
    )

    expect(await res.answer()).toEqual({
      statusCode: 404,
      headers: { 'content-type': 'application/json' },
      body: '{"error":{}}',
    })
  })

  it('ends a stream cleanly when the invocation runs out of time, closing the body it reads', async () => {
    const { state, body } = endlessBody()
    const res = responseStream()
    let checks = 0

    await streamResult({ statusCode: 200, headers: sse, body }, res.stream, {
      from: httpResponseStreamFrom,
      outOfTime: () => ++checks > 3,
    })

    const answer = await res.answer()
    expect(answer.statusCode).toBe(200)
    expect(answer.body.endsWith('\n\n')).toBe(true)
    expect(body.destroyed).toBe(true)
    await closedBody(body)
    expect(state.closed).toBe(true)
  })

  it('stops reading the body when the client goes away (the response stream closes)', async () => {
    const { state, body } = endlessBody()
    let writes = 0
    const client = new Writable({
      write(_chunk, _encoding, done) {
        done()
        if (++writes === 4) this.destroy()
      },
    })

    await streamResult({ statusCode: 200, headers: sse, body }, client, {
      from: httpResponseStreamFrom,
      outOfTime: () => false,
    })

    expect(client.destroyed).toBe(true)
    expect(body.destroyed).toBe(true)
    await closedBody(body)
    expect(state.closed).toBe(true)
  })
})
