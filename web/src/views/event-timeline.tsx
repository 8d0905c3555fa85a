import type { RunEvent } from '../api/client.ts'
import { Json, Time } from '../ui.tsx'

const actorOf = (event: RunEvent) => (event.actor ? `${event.actor.kind}:${event.actor.id}` : '—')

/** The run's log in order: seq, name, who caused it, when, by which route; each event's data on demand. */
export const EventTimeline = ({ events }: { events: readonly RunEvent[] }) => (
  <div className="table-wrap">
    <table className="timeline" aria-label="Event timeline">
      <thead>
        <tr>
          <th scope="col">seq</th>
          <th scope="col">event</th>
          <th scope="col">actor</th>
          <th scope="col">time</th>
          <th scope="col">route</th>
          <th scope="col">data</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.seq} data-testid={`event-${event.seq}`}>
            <td>{event.seq}</td>
            <td>
              <strong>{event.name}</strong>
              {event.version > 1 ? <span className="muted"> v{event.version}</span> : null}
            </td>
            <td>{actorOf(event)}</td>
            <td>
              <Time at={event.occurredAt} precise />
            </td>
            <td>{event.route}</td>
            <td>
              <details>
                <summary>data</summary>
                <Json value={event.data} label={`data of event ${event.seq}`} />
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
)
