import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerProblems } from '../http/answer-check.ts'
import type { OperationId } from '../routes.ts'
import {
  identifiersOf,
  setUpTenantA,
  setUpTenantB,
  snapshotPaths,
  suffix,
  type TenantA,
  type TenantB,
} from './isolation-fixtures.ts'
import { OPERATIONS, type Probe, probesOf } from './isolation-probes.ts'
import { type ApiAnswer, type ApiRequest, type IsolationTarget, pathOf } from './isolation-target.ts'

const operationOf = (probe: Probe) => {
  const op = OPERATIONS.find((candidate) => candidate.operationId === probe.operationId)
  if (!op) throw new Error(`${probe.operationId} is no operation of the table`)
  return op
}
const asAnswer = ({ status, headers, body }: ApiAnswer) => ({
  status,
  headers: new Headers(headers),
  text: body,
})

/** The text of a request as B sent it: an identifier of A that B sent itself may come back. */
const sentText = (request: ApiRequest) =>
  JSON.stringify([pathOf(request), request.query ?? {}, request.body ?? null, request.headers ?? {}])

/** What of A's an answer to B shows: A's secret anywhere, A's identifiers B did not send. */
export const leaksIn = (answer: ApiAnswer, request: ApiRequest, a: TenantA): string[] => {
  const text = `${JSON.stringify(answer.headers)}\n${answer.body}`
  const sent = sentText(request)
  return [a.secret, ...identifiersOf(a).filter((id) => !sent.includes(id))].filter((marker) =>
    text.includes(marker),
  )
}

/**
 * The generated tenant isolation suite: for every operation of `API_OPERATIONS`, tenant B calls it
 * on tenant A's resources (parameters filled from A's fixtures by `isolation-probes.ts`) and gets
 * 403/404 answers that are the same as for resources that exist nowhere, or acts in its own
 * namespace; no answer shows A's content or an identifier of A that B did not send; lists show
 * B's items, never A's; A's resources read the same afterwards. Fails when an operation was not
 * probed (no fixture for a parameter, no body) unless the runtime says why it does not serve it.
 */
export const describeIsolation = (
  name: string,
  start: () => Promise<IsolationTarget>,
  { report }: { report: (line: string) => void },
) =>
  describe(`tenant isolation, generated from the operations table (${name})`, () => {
    let target: IsolationTarget
    let a: TenantA
    let b: TenantB
    let before: ApiAnswer[]
    let fresh = 0
    const probed = new Map<OperationId, number>()
    const snapshot = () => Promise.all(snapshotPaths(a).map((request) => target.send(a.tenantId, request)))

    beforeAll(async () => {
      target = await start()
      const id = suffix()
      a = await setUpTenantA(target, id)
      b = await setUpTenantB(target, id)
      before = await snapshot()
    }, 120_000)
    afterAll(() => target?.close())

    it("gives tenant A every fixture: each of A's resources reads 200 for A, the runs completed", () => {
      expect(before.map((answer) => answer.status)).toEqual(before.map(() => 200))
      const runs = before.filter((_, i) => snapshotPaths(a)[i]?.resource === '/runs/{runId}')
      expect(runs.map((r) => (JSON.parse(r.body) as { status: string }).status)).toEqual([
        'completed',
        'completed',
      ])
    })

    const run = async (probe: Probe) => {
      const tenant = probe.as === 'b' ? b.tenantId : `${b.tenantId}-w${++fresh}`
      const answer = await target.send(tenant, probe.request)
      const where = `${probe.label} as ${probe.as}: ${answer.status} ${answer.body.slice(0, 300)}`
      expect(probe.statuses, where).toContain(answer.status)
      expect(leaksIn(answer, probe.request, a), where).toEqual([])
      expect(answerProblems(operationOf(probe), asAnswer(answer)), where).toEqual([])
      if (probe.twin) {
        const twin = await target.send(tenant, probe.twin.request)
        const unswapped = probe.twin.swaps.reduce(
          (body, [nowhere, ofA]) => body.replaceAll(nowhere, ofA),
          twin.body,
        )
        expect([twin.status, unswapped], `${where}\nvs resources that exist nowhere`).toEqual([
          answer.status,
          answer.body,
        ])
      }
      probed.set(probe.operationId, (probed.get(probe.operationId) ?? 0) + 1 + (probe.twin ? 1 : 0))
      return answer
    }

    it.each(OPERATIONS.map((op) => [op.operationId, op] as const))(
      "%s: tenant B gets 403/404 or its own namespace, never A's data",
      async (operationId, op) => {
        const unserved = target.unserved[operationId]
        if (unserved) return void report(`not probed on ${name}: ${operationId} (${unserved})`)
        for (const probe of probesOf(op, a)) {
          const answer = await run(probe)
          if (op.method === 'GET' && probe.as === 'b' && answer.status === 200) {
            // A list of B's shows B's own items (so "no A items" is not an empty answer).
            if (operationId === 'listChats' && !probe.request.query) expect(answer.body).toContain(b.chatId)
            if (operationId === 'listTeams') expect(answer.body).toContain(b.team)
          }
        }
      },
    )

    it("leaves every resource of A as it was: A reads the same answers after B's probes", async () => {
      const after = await snapshot()
      expect(after.map((x) => [x.status, x.body])).toEqual(before.map((x) => [x.status, x.body]))
    })

    it('probed every operation of the table that this runtime serves', () => {
      const missing = OPERATIONS.map((op) => op.operationId).filter(
        (id) => !probed.has(id) && !target.unserved[id],
      )
      expect(missing).toEqual([])
      const probes = [...probed.values()].reduce((sum, n) => sum + n, 0)
      report(`isolation probes on ${name}: ${probes} over ${probed.size} operations`)
    })
  })
