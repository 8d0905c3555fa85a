import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { API_OPERATIONS } from '../routes.ts'
import { leaksIn } from './isolation.conformance.ts'
import type { TenantA } from './isolation-fixtures.ts'
import { type Operation, probesOf } from './isolation-probes.ts'

const a: TenantA = {
  tenantId: 'alpha-1',
  secret: 'alpha-secret-1',
  chatId: 'alpha-chat-1',
  otherChatId: 'alpha-chat-2-1',
  runId: '01JD0000000000000000000001',
  eventRunId: '01JD0000000000000000000002',
  eventId: '01JD0000000000000000000003',
  team: 'alpha-team-1',
  trigger: 'alpha-trigger-1',
  prompt: 'alpha.prompt-1',
  tool: 'alpha.tool-1',
  replay: 'alpha-replay-1',
  deadLetterId: '17',
  idempotencyKeys: { postMessage: 'alpha-message-key-1', postEvents: 'alpha-events-key-1' },
  cursors: { runs: 'cursor-runs', chats: 'cursor-chats' },
}
const widget = (op: Record<string, unknown>) =>
  ({
    method: 'GET',
    operationId: 'getWidget',
    summary: '',
    tag: 't',
    responses: {},
    ...op,
  }) as unknown as Operation

describe('isolation probes generated from the operations table', () => {
  it.each(API_OPERATIONS.map((op) => [op.operationId, op] as const))(
    '%s is probed from tenant A fixtures',
    (_, op) => {
      expect(probesOf(op, a).length).toBeGreaterThan(0)
    },
  )

  it('fails for a new operation whose path parameter no fixture of tenant A fills', () => {
    expect(() => probesOf(widget({ path: '/widgets/{widgetId}' }), a)).toThrow(
      'getWidget: no fixture of tenant A fills widgets/{widgetId}; add it to PARAM_SOURCES',
    )
  })

  it('covers a new operation on a known collection without a change, refused and twinned', () => {
    const [probe] = probesOf(widget({ path: '/runs/{runId}/widgets' }), a)
    expect(probe).toMatchObject({ as: 'b', statuses: [403, 404], request: { params: { runId: a.runId } } })
    expect(probe?.twin?.swaps.map(([, ofA]) => ofA)).toEqual([a.runId])
    expect(probe?.twin?.request.params.runId).not.toBe(a.runId)
  })

  it('fails for a new operation that needs a body nobody declared', () => {
    const op = widget({ method: 'POST', path: '/runs/{runId}/widgets', body: z.object({ size: z.number() }) })
    expect(() => probesOf(op, a)).toThrow('getWidget: takes a body; declare the one B sends in BODIES')
  })

  it("sends A's Idempotency-Key to every operation that takes one", () => {
    const post = API_OPERATIONS.find((op) => op.operationId === 'postMessage') as Operation
    expect(probesOf(post, a)[0]?.request.headers).toMatchObject({
      'idempotency-key': a.idempotencyKeys.postMessage,
    })
  })

  it("sends a PUT of A's team name from a fresh tenant, expecting B's own version", () => {
    const put = API_OPERATIONS.find((op) => op.operationId === 'putTeam') as Operation
    expect(probesOf(put, a)).toMatchObject([
      {
        as: 'fresh',
        statuses: [200, 201, 202, 204],
        request: { params: { name: a.team }, body: { name: a.team } },
      },
    ])
  })

  it("finds A's secret anywhere and A's identifiers that B did not send", () => {
    const request = { method: 'GET', resource: '/runs/{runId}', params: { runId: a.runId } }
    const answer = (body: string) => ({ status: 404, headers: {}, body })
    expect(leaksIn(answer(`run ${a.runId} not found`), request, a)).toEqual([])
    expect(leaksIn(answer(`run ${a.runId} is in chat ${a.chatId}`), request, a)).toEqual([a.chatId])
    expect(leaksIn(answer(`says ${a.secret}`), request, a)).toEqual([a.secret])
  })
})
