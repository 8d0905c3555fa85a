import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import { makeModelAttemptStore } from './model-attempt-store.ts'
import type { ChorusTable } from './table.ts'

/** The attempt budget's store on any DynamoDB API: counts, scoping, finality, concurrent failures. */
export const describeModelAttemptConformance = (
  name: string,
  setup: () => Promise<{ table: ChorusTable; close: () => Promise<void> }>,
) =>
  describe(`model attempt store: ${name}`, () => {
    let env: { table: ChorusTable; close: () => Promise<void> }
    beforeAll(async () => {
      env = await setup()
    })
    afterAll(() => env.close())

    const keyOf = (stepId = 's1', inputHash = 'h1') => ({
      tenantId: 'acme',
      runId: newId(),
      stepId,
      inputHash,
    })
    const boom = { code: 'model.failed', message: 'HTTP 500: boom', retryable: true }

    it('counts failed requests of one call and keeps the last failure', async () => {
      const store = makeModelAttemptStore(env.table)
      const key = keyOf()

      expect(await store.get(key)).toEqual({ failures: 0, final: false })
      await store.fail(key, { ...boom, message: 'first' }, false)
      const after = await store.fail(key, boom, false)

      expect(after).toEqual({ failures: 2, final: false, last: boom })
      expect(await store.get(key)).toEqual(after)
    })

    it('keeps calls of other steps, inputs and runs apart', async () => {
      const store = makeModelAttemptStore(env.table)
      const key = keyOf()
      await store.fail(key, boom, false)

      for (const other of [
        { ...key, stepId: 's2' },
        { ...key, inputHash: 'h2' },
        { ...key, runId: newId() },
        { ...key, tenantId: 'other' },
      ])
        expect((await store.get(other)).failures).toBe(0)
    })

    it('marks a call final and stays final; clear forgets the call', async () => {
      const store = makeModelAttemptStore(env.table)
      const key = keyOf()
      await store.fail(key, boom, true)
      expect(await store.fail(key, boom, false)).toMatchObject({ failures: 2, final: true })

      await store.clear(key)

      expect(await store.get(key)).toEqual({ failures: 0, final: false })
    })

    it('counts every failure when deliveries fail the same call at the same time', async () => {
      const store = makeModelAttemptStore(env.table)
      const key = keyOf()

      await Promise.all(Array.from({ length: 6 }, () => store.fail(key, boom, false)))

      expect((await store.get(key)).failures).toBe(6)
    })
  })
