import { useEffect, useState } from 'react'
import { api, type DeadLetter, must } from '../api/client.ts'
import { Link } from '../router.tsx'
import { ErrorNote, Loading, Time } from '../ui.tsx'

/** Dead letters: messages a consumer's queue gave up on, each with its reason; redrive or discard. */
export const DeadLettersPage = () => {
  const [letters, setLetters] = useState<DeadLetter[]>()
  const [error, setError] = useState<unknown>()
  const [note, setNote] = useState<string>()
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    void generation
    must(api.GET('/dead-letters', { params: { query: { limit: 100 } } })).then(
      (page) => setLetters(page.deadLetters),
      setError,
    )
  }, [generation])
  const act = async (letter: DeadLetter, action: 'redrive' | 'discard') => {
    try {
      const path = { params: { path: { id: letter.id } } }
      if (action === 'redrive') {
        const answer = await must(api.POST('/dead-letters/{id}/redrive', path))
        setNote(`Redriven: run ${answer.run.runId} ${answer.run.effect}`)
      } else {
        await api.DELETE('/dead-letters/{id}', path)
        setNote(`Discarded ${letter.id}`)
      }
      setGeneration((n) => n + 1)
    } catch (failure) {
      setError(failure)
    }
  }
  return (
    <article>
      <h1>Dead letters</h1>
      <ErrorNote error={error} />
      {note ? <p aria-live="polite">{note}</p> : null}
      {!letters && !error ? <Loading what="dead letters" /> : null}
      {letters?.length === 0 ? <p className="muted">None: every message was delivered.</p> : null}
      {letters?.length ? (
        <div className="table-wrap">
          <table aria-label="Dead letters">
            <thead>
              <tr>
                <th scope="col">consumer</th>
                <th scope="col">run</th>
                <th scope="col">event</th>
                <th scope="col">reason</th>
                <th scope="col">receives</th>
                <th scope="col">at</th>
                <th scope="col">actions</th>
              </tr>
            </thead>
            <tbody>
              {letters.map((letter) => (
                <tr key={letter.id}>
                  <td>{letter.consumer}</td>
                  <td>
                    <Link to={`/console/runs/${letter.runId}`}>
                      <code>{letter.runId}</code>
                    </Link>
                  </td>
                  <td>{letter.eventName}</td>
                  <td>
                    {letter.reason.code}: {letter.reason.message}
                  </td>
                  <td>{letter.receives}</td>
                  <td>
                    <Time at={letter.at} />
                  </td>
                  <td>
                    <button type="button" onClick={() => void act(letter, 'redrive')}>
                      Redrive
                    </button>{' '}
                    <button type="button" onClick={() => void act(letter, 'discard')}>
                      Discard
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </article>
  )
}
