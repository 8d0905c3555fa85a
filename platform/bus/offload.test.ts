import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type Envelope, newId, TaskQueued } from '#events'
import { makeFileBlobStore } from '../blobs/index.ts'
import { entrySize, offloadDetail, resolveOffloaded } from './offload.ts'

const root = mkdtempSync(join(tmpdir(), 'chorus-offload-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const blobs = makeFileBlobStore({ root })

const task = (inputs: string[], instruction = 'i'): Envelope => {
  const runId = newId()
  const draft = TaskQueued.draft(
    {
      stepId: 'write',
      team: 'writer',
      goal: 'g',
      instruction,
      inputs: inputs.map((text, i) => ({ stepId: `s${i}`, output: { text } })),
    },
    {
      tenantId: 'acme',
      runId,
      correlationId: runId,
      causationId: null,
      route: 'async',
      actor: { kind: 'system', id: 't' },
    },
  )
  return { meta: { ...draft.meta, seq: 1 }, data: draft.data }
}
const source = 'chorus.supervisor'
const roundTrip = async (event: Envelope, limit: number) => {
  const out = await offloadDetail({ event, source, blobs, limit })
  expect(entrySize(source, event.meta.name, out.detail)).toBeLessThanOrEqual(limit)
  expect(await resolveOffloaded(JSON.parse(out.detail), blobs)).toEqual({
    meta: event.meta,
    data: event.data,
  })
  return out
}

describe('offloading large event fields', () => {
  it('leaves an event that fits untouched', async () => {
    const event = task(['short'])
    const out = await offloadDetail({ event, source, blobs })
    expect(out).toEqual({ detail: JSON.stringify({ meta: event.meta, data: event.data }), offloaded: [] })
  })

  it('moves the largest fields first, only as many as needed', async () => {
    const event = task(['a'.repeat(3000), 'b'.repeat(9000), 'c'.repeat(5000)])
    const out = await roundTrip(event, 8000)
    expect(out.offloaded).toEqual([
      ['inputs', 1, 'output', 'text'],
      ['inputs', 2, 'output', 'text'],
    ])
  })

  it('moves the whole data when its many small fields are what is too big', async () => {
    const event = task(Array.from({ length: 40 }, () => 'x'.repeat(900)))
    const out = await roundTrip(event, 4000)
    expect(out.offloaded).toEqual([[]])
  })

  it('refuses an event whose meta alone does not fit', async () => {
    await expect(offloadDetail({ event: task([]), source, blobs, limit: 100 })).rejects.toMatchObject({
      code: 'event.tooLarge',
    })
  })

  it('passes a detail without offloaded fields through', async () => {
    const detail = { meta: { a: 1 }, data: { b: 2 } }
    expect(await resolveOffloaded(detail, blobs)).toBe(detail)
  })

  it('fails retryably when a blob is missing, and for good when it was tampered with', async () => {
    const event = task(['z'.repeat(5000)])
    const { detail } = await offloadDetail({ event, source, blobs, limit: 2000 })
    const parsed = JSON.parse(detail)
    const key = parsed.data.inputs[0].output.text.$blob.key as string

    await blobs.put(key, new TextEncoder().encode(JSON.stringify('y'.repeat(5000))))
    await expect(resolveOffloaded(parsed, blobs)).rejects.toMatchObject({
      code: 'bus.payloadMissing',
      retryable: false,
    })

    await blobs.delete(key)
    await expect(resolveOffloaded(parsed, blobs)).rejects.toMatchObject({
      code: 'bus.payloadMissing',
      retryable: true,
    })
  })
})
