import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BaseMessage } from '@langchain/core/messages'
import type { CheckpointTuple } from '@langchain/langgraph-checkpoint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope } from '#events'
import { makeFileBlobStore } from '#platform/blobs/index.ts'
import { makeDynamoCheckpointSaver, runThreadId } from '#platform/checkpoint/index.ts'
import { makeScriptedProvider } from '#platform/models/index.ts'
import { http, startTestChorus } from '../testing.ts'

const LEASE_MS = 150
const plan = JSON.stringify({
  goal: 'fan out and join',
  steps: [
    { id: 'left', team: 'researcher', instruction: 'left half', dependsOn: [] },
    { id: 'right', team: 'researcher', instruction: 'right half', dependsOn: [] },
    { id: 'join', team: 'writer', instruction: 'join both', dependsOn: ['left', 'right'] },
  ],
})
const text = (messages: BaseMessage[]) => messages.map((m) => String(m.content)).join('\n')
const models = makeScriptedProvider((messages, purpose) =>
  purpose.service === 'planner' ? plan : `did: ${text(messages).length}`,
)

type Run = { runId: string; status: string; output?: string; steps: { stepId: string; status: string }[] }

describe('a supervisor paused past its run lease (embedded runtime)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chorus-lease-'))
  const paused = new Set<string>()
  /** Threads whose next pending write stalls: armed when the first step's StepCompleted is delivered. */
  const armed = new Set<string>()
  /** Threads whose first holder is paused right now. */
  const pausing = new Set<string>()
  let pauses = 0
  /** Deliveries of a run that finished while its first holder was paused past its lease. */
  let overtakes = 0
  /** Deliveries stopped by the fence: their lease was taken over while they worked. */
  let fenced = 0
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let saver: ReturnType<typeof makeDynamoCheckpointSaver>

  beforeAll(async () => {
    chorus = await startTestChorus(
      { CHORUS_RUN_LEASE_MS: String(LEASE_MS) },
      {
        dataDir,
        models,
        // One commit per run, once a step completed, stalls for three leases: a GC pause mid-delivery,
        // after the graph resumed and before its writes are stored.
        checkpointer: (table) => {
          saver = makeDynamoCheckpointSaver({
            table,
            blobs: makeFileBlobStore({ root: join(dataDir, 'blobs') }),
          })
          const transactItems = saver.transactItems.bind(saver)
          saver.transactItems = async (ops, parentTs) => {
            const thread = String(ops[0]?.config.configurable?.thread_id)
            if (armed.has(thread) && !paused.has(thread)) {
              paused.add(thread)
              pausing.add(thread)
              pauses++
              await new Promise((r) => setTimeout(r, 3 * LEASE_MS))
              pausing.delete(thread)
            }
            return transactItems(ops, parentTs)
          }
          return saver
        },
      },
    )
  })
  afterAll(async () => {
    await chorus.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /**
   * The supervisor's events delivered as SQS standard queues and Lambda do: each on its own, at
   * once, in any order, retried until handled; two events of one run meet at the run lease.
   */
  const deliveries = new Set<Promise<void>>()
  const deliverUnordered = (event: Envelope) => {
    const thread = runThreadId(event.meta.tenantId, event.meta.runId)
    if (event.meta.name === 'StepCompleted' && (event.data as { stepId?: string }).stepId === 'left')
      armed.add(thread)
    const delivery = (async () => {
      for (let attempt = 0; attempt < 200; attempt++) {
        try {
          await chorus.consume('supervisor', event)
          if (pausing.has(thread)) overtakes++
          return
        } catch (error) {
          if (String((error as Error).message).includes('was taken over')) fenced++
          await new Promise((r) => setTimeout(r, 20))
        }
      }
      throw new Error(`${event.meta.name} of ${event.meta.runId} was never handled`)
    })()
    deliveries.add(delivery)
    void delivery.finally(() => deliveries.delete(delivery))
  }
  const settle = async () => {
    for (;;) {
      await chorus.idle()
      if (deliveries.size === 0) return
      await Promise.all([...deliveries])
    }
  }

  it('completes every run with the output of a clean run, on one unforked checkpoint chain', async () => {
    chorus.queues.supervisor.send = deliverUnordered
    chorus.queues.supervisor.dispatch = deliverUnordered
    const runs: Run[] = []
    for (let i = 0; i < 5; i++) {
      const res = await http(
        chorus.url,
        'POST',
        `/chats/lease-${i}/messages`,
        {
          content: 'fan out',
        },
        { prefer: 'respond-async' },
      )
      const { runId } = res.json as { runId: string }
      await settle()
      runs.push((await http(chorus.url, 'GET', `/runs/${runId}`)).json as Run)
    }
    expect(pauses).toBe(5)
    expect(overtakes, 'no delivery advanced a run while its first holder was paused').toBeGreaterThan(0)
    expect(fenced, 'no paused holder was fenced off when it woke').toBeGreaterThan(0)
    for (const run of runs) {
      expect(run.status).toBe('completed')
      expect(run.steps.map((s) => [s.stepId, s.status]).sort()).toEqual([
        ['join', 'completed'],
        ['left', 'completed'],
        ['right', 'completed'],
      ])
      expect(run.output).toBe(runs[0]?.output)
      const tuples: CheckpointTuple[] = []
      for await (const t of saver.list({ configurable: { thread_id: runThreadId('local', run.runId) } }))
        tuples.push(t)
      const parents = tuples.map((t) => t.parentConfig?.configurable?.checkpoint_id).filter(Boolean)
      expect(new Set(parents).size, 'two checkpoints share a parent: the run forked').toBe(parents.length)
    }
  })
})
