import { describe, expect, it } from 'vitest'
import { type Client, pathOf } from './client.ts'

describe('pathOf', () => {
  it('fills the template, URL-encoding each parameter, and appends the defined query values', () => {
    expect(pathOf('/runs/{runId}/events', { runId: 'r 1/../x' }, { after: 0, limit: undefined })).toBe(
      '/runs/r%201%2F..%2Fx/events?after=0',
    )
    expect(pathOf('/replays/{name}/runs/{runId}', { name: 'nightly', runId: 'r1' })).toBe(
      '/replays/nightly/runs/r1',
    )
  })

  it('refuses a template parameter the inputs lack', () => {
    expect(() => pathOf('/dead-letters/{id}', {})).toThrow(
      'path parameter id of /dead-letters/{id} is missing',
    )
  })
})

// Compile-time checks of `call` (typecheck fails when the typing stops refusing these); never run.
const typed = (client: Client) => [
  client.call('resetTeams'),
  client.call('getRun', { params: { runId: 'r1' } }).then(({ body }) => body.status),
  // @ts-expect-error getRun needs its path parameter
  client.call('getRun'),
  // @ts-expect-error an input the operation does not declare
  client.call('listRuns', { query: { colour: 'red' } }),
  // @ts-expect-error postMessage needs a body
  client.call('postMessage', { params: { chatId: 'c1' } }),
  // @ts-expect-error the answer of getRun has a string runId
  client.call('getRun', { params: { runId: 'r1' } }).then(({ body }) => body.runId.toFixed(2)),
]
void typed
