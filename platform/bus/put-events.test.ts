import type { PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../log/index.ts'
import { batchEntries, makePutEventsSender, type OutgoingEntry } from './put-events.ts'

const entry = (eventId: string, bytes = 10): OutgoingEntry => ({
  eventId,
  entry: { Source: 's', DetailType: 'T', Detail: 'x'.repeat(bytes) },
})
const ids = (batches: OutgoingEntry[][]) => batches.map((b) => b.map((e) => e.eventId))
const noSleep = async () => {}

describe('PutEvents batching', () => {
  it('puts at most ten entries in a call, keeping their order', () => {
    const entries = Array.from({ length: 21 }, (_, i) => entry(`e${i}`))
    expect(ids(batchEntries(entries)).map((b) => b.length)).toEqual([10, 10, 1])
    expect(ids(batchEntries(entries)).flat()).toEqual(entries.map((e) => e.eventId))
  })

  it('starts a new call before the total size would pass the limit', () => {
    const entries = [entry('a', 100_000), entry('b', 100_000), entry('c', 100_000)]
    expect(ids(batchEntries(entries))).toEqual([['a', 'b'], ['c']])
  })
})

describe('PutEvents sender', () => {
  const answering = (
    answer: (entries: string[], call: number) => ({ ErrorCode?: string } | 'ok')[] | Error,
  ) => {
    const calls: string[][] = []
    const client = {
      send: async (command: PutEventsCommand) => {
        const entries = (command.input.Entries ?? []).map((e) => e.Detail ?? '')
        calls.push(entries)
        const result = answer(entries, calls.length)
        if (result instanceof Error) throw result
        return {
          $metadata: {},
          FailedEntryCount: result.filter((r) => r !== 'ok').length,
          Entries: result.map((r, i) => (r === 'ok' ? { EventId: `id-${i}` } : r)),
        }
      },
    }
    return { client, calls }
  }

  it('retries a call that threw, whole', async () => {
    const { client, calls } = answering((entries, call) =>
      call === 1 ? new Error('socket hang up') : entries.map(() => 'ok'),
    )
    await makePutEventsSender({ client, logger: silentLogger, sleep: noSleep })([entry('a'), entry('b')])
    expect(calls).toHaveLength(2)
  })

  it('gives up at once on failures no retry can fix, as a non-retryable error', async () => {
    const { client, calls } = answering((entries) => entries.map(() => ({ ErrorCode: 'MalformedDetail' })))
    await expect(
      makePutEventsSender({ client, logger: silentLogger, sleep: noSleep })([entry('a')]),
    ).rejects.toMatchObject({ code: 'bus.publishFailed', retryable: false })
    expect(calls).toHaveLength(1)
  })

  it('stops after maxAttempts and names every undelivered event', async () => {
    const { client, calls } = answering((entries) => entries.map(() => ({ ErrorCode: 'InternalFailure' })))
    const error = await makePutEventsSender({ client, logger: silentLogger, maxAttempts: 3, sleep: noSleep })(
      [entry('a'), entry('b')],
    ).catch((e: unknown) => e)
    expect(calls).toHaveLength(3)
    expect(error).toMatchObject({ code: 'bus.publishFailed', retryable: true })
    expect(
      (error as { details: { failures: { eventId: string }[] } }).details.failures.map((f) => f.eventId),
    ).toEqual(['a', 'b'])
  })

  it('backs off between attempts, doubling', async () => {
    const waits: number[] = []
    const { client } = answering((entries, call) =>
      entries.map(() => (call < 4 ? { ErrorCode: 'ThrottlingException' } : 'ok')),
    )
    await makePutEventsSender({
      client,
      logger: silentLogger,
      backoffMs: 100,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })([entry('a')])
    expect(waits).toHaveLength(3)
    waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(50 * 2 ** i)
      expect(ms).toBeLessThanOrEqual(100 * 2 ** i)
    })
  })
})
