import { useCallback, useEffect, useState } from 'react'
import { api, must, type RunView } from './client.ts'
import { followRunEvents } from './run-events.ts'

/**
 * A run kept up to date while it runs: read once, then read again after each of its events arrives over SSE
 * (one read at a time, the last event always followed by a read), and once more when the stream ends.
 * `live` is true while the stream is open.
 */
export const useRun = (runId: string | undefined) => {
  const [run, setRun] = useState<RunView>()
  const [error, setError] = useState<unknown>()
  const [live, setLive] = useState(false)
  const [generation, setGeneration] = useState(0)
  const reload = useCallback(() => setGeneration((n) => n + 1), [])

  useEffect(() => {
    if (!runId) return
    void generation
    const abort = new AbortController()
    let reading = false
    let again = false
    const read = async () => {
      if (reading) {
        again = true
        return
      }
      reading = true
      try {
        do {
          again = false
          const view = await must(
            api.GET('/runs/{runId}', { params: { path: { runId } }, signal: abort.signal }),
          )
          if (!abort.signal.aborted) {
            setRun(view)
            setError(undefined)
          }
        } while (again && !abort.signal.aborted)
      } catch (failure) {
        if (!abort.signal.aborted) setError(failure)
      } finally {
        reading = false
      }
    }
    void read()
    setLive(true)
    void followRunEvents(runId, () => void read(), abort.signal).finally(() => {
      if (abort.signal.aborted) return
      setLive(false)
      void read()
    })
    return () => abort.abort()
  }, [runId, generation])

  return { run: run?.runId === runId ? run : undefined, error, live, reload }
}
