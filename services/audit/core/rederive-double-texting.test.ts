import { describe, expect, it } from 'vitest'
import { type Draft, type Envelope, RunCancelRequested, RunCompleted, RunRequested } from '#events'
import { rederiveDoubleTexting } from './rederive-double-texting.ts'

const A = '01JD0000RXN00000000000000A'
const B = '01JD0000RXN00000000000000B'
const C = '01JD0000RXN00000000000000C'
const context = (runId: string) => ({
  tenantId: 'acme',
  runId,
  correlationId: runId,
  causationId: null,
  route: 'async' as const,
  actor: { kind: 'user' as const, id: 'u' },
})
const at = (second: number) => `2026-12-02T10:00:${String(second).padStart(2, '0')}.000Z`
const logged = (draft: Draft, seq: number, second: number): Envelope => ({
  meta: { ...draft.meta, seq, occurredAt: at(second) },
  data: draft.data,
})
const request = (runId: string, second: number, extra: object = {}) =>
  logged(RunRequested.draft({ request: 'q', chatId: 'c1', ...extra }, context(runId)), 1, second)
const end = (runId: string, seq: number, second: number) =>
  logged(RunCompleted.draft({ output: 'a', finalSteps: ['s'] }, context(runId)), seq, second)
const logsOf = (logs: Record<string, Envelope[]>) => async (runId: string) => logs[runId] ?? []

describe('rederiveDoubleTexting', () => {
  const first = [request(A, 1), end(A, 2, 5)]

  it('finds nothing to check in a run whose message met no going run', async () => {
    expect(await rederiveDoubleTexting([request(B, 2), end(B, 2, 3)], logsOf({}))).toBeUndefined()
  })

  it('accepts an enqueued run that starts when its predecessor has ended', async () => {
    const queued = [request(B, 2, { multitask: { policy: 'enqueue', activeRunId: A } }), end(B, 2, 6)]
    expect(await rederiveDoubleTexting(queued, logsOf({ [A]: first }))).toBeUndefined()
  })

  it('names a decision that points at the run itself, at a run with no log, or at a later run', async () => {
    const self = [request(B, 2, { multitask: { policy: 'interrupt', activeRunId: B } })]
    expect(await rederiveDoubleTexting(self, logsOf({}))).toMatchObject({
      seq: 1,
      problem: expect.stringMatching(/the run itself/),
    })
    const missing = [request(B, 2, { multitask: { policy: 'interrupt', activeRunId: C } })]
    expect(await rederiveDoubleTexting(missing, logsOf({}))).toMatchObject({
      seq: 1,
      problem: expect.stringMatching(/no request/),
    })
    const later = [request(B, 0, { multitask: { policy: 'interrupt', activeRunId: A } })]
    expect(await rederiveDoubleTexting(later, logsOf({ [A]: first }))).toMatchObject({
      seq: 1,
      problem: expect.stringMatching(/requested after this run/),
    })
  })

  it('names the start of an enqueued run whose predecessor never ended', async () => {
    const queued = [request(B, 2, { multitask: { policy: 'enqueue', activeRunId: A } }), end(B, 2, 6)]
    expect(await rederiveDoubleTexting(queued, logsOf({ [A]: [request(A, 1)] }))).toMatchObject({
      seq: 2,
      problem: expect.stringMatching(/had not ended/),
    })
  })

  it('names a stop by a run requested after it', async () => {
    const stopper = [request(B, 4, { multitask: { policy: 'interrupt', activeRunId: A } })]
    const stop = logged(
      RunCancelRequested.draft({ reason: 'interrupted', by: { runId: B, policy: 'interrupt' } }, context(A)),
      2,
      3,
    )
    expect(await rederiveDoubleTexting([request(A, 1), stop], logsOf({ [B]: stopper }))).toMatchObject({
      seq: 2,
      problem: expect.stringMatching(/before run .* was requested/),
    })
  })
})
