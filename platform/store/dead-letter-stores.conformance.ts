import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import { makeDeadLetterNotes } from './dead-letter-notes.ts'
import { makeModelAttemptStore } from './model-attempt-store.ts'
import { makeRunResumptions } from './run-resumptions.ts'
import { makeRunStore } from './run-store.ts'
import type { ChorusTable } from './table.ts'

/**
 * What a redrive relies on in the table, on any DynamoDB API: dead-letter notes, resuming the run a
 * dead letter failed (once, only from that failure), and forgetting a run's spent model budgets.
 */
export const describeDeadLetterStores = (
  name: string,
  setup: () => Promise<{ table: ChorusTable; close: () => Promise<void> }>,
) =>
  describe(`dead-letter stores: ${name}`, () => {
    let env: { table: ChorusTable; close: () => Promise<void> }
    beforeAll(async () => {
      env = await setup()
    })
    afterAll(() => env.close())
    const failure = { code: 'queue.exhausted', message: 'workers gave up on TaskQueued', retryable: false }

    it('keeps a note per tenant, run, consumer and event; the latest wins; remove forgets it', async () => {
      const notes = makeDeadLetterNotes(env.table)
      const key = { tenantId: 'acme', runId: newId(), consumer: 'workers', eventId: newId() }
      const note = { reason: { ...failure, retryable: true }, receives: 5, at: '2026-12-02T00:00:00.000Z' }
      await notes.record(key, { ...note, receives: 3 })
      await notes.record(key, note)

      expect(await notes.get(key)).toEqual(note)
      expect(await notes.get({ ...key, tenantId: 'globex' })).toBeUndefined()
      expect(await notes.get({ ...key, consumer: 'planner' })).toBeUndefined()
      await notes.remove(key)
      expect(await notes.get(key)).toBeUndefined()
    })

    const failedRun = async (failedEventId: string) => {
      const runs = makeRunStore(env.table)
      const key = { tenantId: 'acme', runId: newId() }
      await runs.createRun({ ...key, request: 'hi' })
      await runs.transitionRun(key, ['requested'], 'running')
      await runs.transitionRun(key, ['running'], 'failed', { failure, terminalEventId: failedEventId })
      return { runs, key }
    }

    it('resumes a run that failed with the given RunFailed, once: a retry gets the same resumption', async () => {
      const failedEventId = newId()
      const { runs, key } = await failedRun(failedEventId)
      const resumptions = makeRunResumptions(env.table)
      const input = { failedEventId, resumeEventId: newId(), deadLetteredEventId: newId() }

      const first = await resumptions.resume(key, input)
      const again = await resumptions.resume(key, { ...input, resumeEventId: newId() })

      expect(first).toEqual({
        resumeEventId: input.resumeEventId,
        deadLetteredEventId: input.deadLetteredEventId,
      })
      expect(again).toEqual(first)
      const run = await runs.getRun(key.tenantId, key.runId)
      expect(run?.status).toBe('running')
      expect(run?.failure).toBeUndefined()
      expect(run?.terminalEventId).toBeUndefined()
      expect(await makeRunStore(env.table).transitionRun(key, ['running'], 'completed')).toBe(true)
    })

    it('leaves a run alone that failed with another RunFailed', async () => {
      const { runs, key } = await failedRun(newId())

      await makeRunResumptions(env.table).resume(key, {
        failedEventId: newId(),
        resumeEventId: newId(),
        deadLetteredEventId: newId(),
      })

      expect((await runs.getRun(key.tenantId, key.runId))?.status).toBe('failed')
    })

    it('queues again a step stopped because its run had ended, and no other step', async () => {
      const { runs, key } = await failedRun(newId())
      const resumptions = makeRunResumptions(env.table)
      const stopped = {
        code: 'run.ended',
        message: 'the run ended before this step finished',
        retryable: false,
      }
      const cancelled = { ...stopped, code: 'run.cancelled' }
      for (const stepId of ['a', 'b', 'c', 'd'])
        await runs.queueStep(key, { stepId, team: 'writer', inputs: [], taskEventId: newId() })
      await runs.finishStep(
        { ...key, stepId: 'a' },
        { status: 'aborted', error: stopped, resultEventId: newId() },
      )
      await runs.finishStep(
        { ...key, stepId: 'b' },
        { status: 'aborted', error: cancelled, resultEventId: newId() },
      )
      await runs.finishStep(
        { ...key, stepId: 'c' },
        { status: 'completed', output: { text: 'done' }, resultEventId: newId() },
      )
      const taskEventId = newId()

      const requeued = await Promise.all(
        ['a', 'b', 'c', 'd'].map((stepId) =>
          resumptions.requeueStep({ ...key, stepId }, stepId === 'a' ? taskEventId : newId()),
        ),
      )

      expect(requeued).toEqual([true, false, false, false])
      const a = await runs.getStep({ ...key, stepId: 'a' })
      expect(a).toMatchObject({ status: 'queued', taskEventId, dispatched: false })
      expect(a?.error).toBeUndefined()
      expect(a?.resultEventId).toBeUndefined()
      expect(await resumptions.requeueStep({ ...key, stepId: 'a' }, newId())).toBe(false)
    })

    it("forgets every spent model budget of one run, and only that run's", async () => {
      const attempts = makeModelAttemptStore(env.table)
      const runId = newId()
      const boom = { code: 'model.failed', message: 'HTTP 500', retryable: true }
      const calls = ['a', 'b', 'c'].map((h) => ({ tenantId: 'acme', runId, stepId: 'plan', inputHash: h }))
      const other = { tenantId: 'acme', runId: newId(), stepId: 'plan', inputHash: 'a' }
      for (const key of [...calls, other]) await attempts.fail(key, boom, true)

      expect(await attempts.clearRun('acme', runId)).toBe(3)

      for (const key of calls) expect(await attempts.get(key)).toEqual({ failures: 0, final: false })
      expect((await attempts.get(other)).failures).toBe(1)
    })
  })
