import { describeIsolation } from '#services/api/testing/isolation.conformance.ts'
import { type ApiRequest, type IsolationTarget, pathOf } from '#services/api/testing/isolation-target.ts'
import { authHeaders, startTestChorus } from './testing.ts'

/** The embedded runtime over HTTP: each tenant with a dev token and an API key of its own. */
const startLocalTarget = async (): Promise<IsolationTarget> => {
  const chorus = await startTestChorus()
  const credentials = new Map<string, Promise<Record<string, string>>>()
  const headersOf = (tenantId: string) => {
    if (!credentials.has(tenantId))
      credentials.set(tenantId, chorus.credentialsFor(tenantId).then(authHeaders))
    return credentials.get(tenantId) as Promise<Record<string, string>>
  }
  const send = async (tenantId: string, request: ApiRequest) => {
    const query = request.query ? `?${new URLSearchParams(request.query)}` : ''
    const response = await fetch(`${chorus.url}${pathOf(request)}${query}`, {
      method: request.method,
      headers: {
        ...(await headersOf(tenantId)),
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...request.headers,
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(15_000),
    })
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
    }
  }
  return {
    send,
    settle: async (tenantId, runIds) => {
      for (const runId of runIds)
        for (;;) {
          await chorus.idle()
          const run = await send(tenantId, { method: 'GET', resource: '/runs/{runId}', params: { runId } })
          const { status } = JSON.parse(run.body) as { status?: string }
          if (run.status !== 200 || status === 'completed' || status === 'failed') break
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      await chorus.idle()
    },
    deadLetter: async (tenantId, runId) => {
      const [first] = await chorus.stores.log.list(tenantId, runId)
      if (!first) throw new Error(`run ${runId} has no events`)
      const message = chorus.queueStore.add('planner', `${tenantId}#${runId}`, first)
      const reason = { code: 'model.failed', message: 'upstream 503', retryable: false }
      chorus.queueStore.deadLetter({ ...message, receives: 5 }, reason, new Date().toISOString())
    },
    saveHttpTool: async (tenantId, tool) => {
      await chorus.stores.httpTools.save(tenantId, tool.name, tool)
    },
    unserved: {},
    close: () => chorus.close(),
  }
}

describeIsolation('the embedded runtime', startLocalTarget, { report: (line) => console.info(line) })
