import { authHeaders, getSession } from './session.ts'

/** One server-sent event of `GET /runs/{runId}/events`: `id` is the event's seq, `event` its name. */
export interface RunEventFrame {
  id?: string
  event: string
  data: string
}

/** Splits a block of SSE lines into one frame; comments (`: keep-alive`) and `retry:` give none. */
export const parseFrame = (block: string): RunEventFrame | undefined => {
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

/** The frames after which the server ends a run's stream: the run ended. */
const RUN_ENDS = new Set(['RunCompleted', 'RunFailed'])

/**
 * Follows a run's events over SSE with the session's credentials (an EventSource cannot send headers):
 * calls `onFrame` for each, reconnects from the last seq seen (`Last-Event-ID`) after a dropped
 * connection or an answer that ended before the run did (on AWS an answer lasts under 15 minutes,
 * ADR 0030), and resolves once the run ended or `signal` aborts.
 */
export const followRunEvents = async (
  runId: string,
  onFrame: (frame: RunEventFrame) => void,
  signal: AbortSignal,
): Promise<void> => {
  let lastSeq: string | undefined
  let ended = false
  while (!signal.aborted && !ended) {
    const session = getSession()
    if (!session) return
    try {
      const response = await fetch(`/runs/${encodeURIComponent(runId)}/events`, {
        headers: {
          accept: 'text/event-stream',
          ...authHeaders(session),
          ...(lastSeq ? { 'last-event-id': lastSeq } : {}),
        },
        signal,
      })
      if (!response.ok || !response.body) return
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      let frames = 0
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break // after RunCompleted/RunFailed the run ended; otherwise ask again from lastSeq
        buffer += value.replaceAll('\r\n', '\n')
        let end = buffer.indexOf('\n\n')
        while (end >= 0) {
          const frame = parseFrame(buffer.slice(0, end))
          buffer = buffer.slice(end + 2)
          if (frame) {
            if (frame.id) lastSeq = frame.id
            ended = RUN_ENDS.has(frame.event)
            frames++
            onFrame(frame)
          }
          end = buffer.indexOf('\n\n')
        }
      }
      // An answer that brought nothing new: wait the server's `retry:` before asking again.
      if (!ended && frames === 0) await new Promise((resolve) => setTimeout(resolve, 2000))
    } catch {
      if (signal.aborted) return
      await new Promise((resolve) => setTimeout(resolve, 2000)) // the server's `retry:`
    }
  }
}
