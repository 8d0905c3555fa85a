import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_OPERATIONS } from '#services/api/index.ts'
import { API_RUNTIMES, type ApiTarget, servesStreams } from '../testing/index.ts'

type PutEventsResult = {
  FailedEntryCount: number
  Entries: (
    | { EventId: string; Runs: { Trigger: string; RunId: string }[] }
    | { ErrorCode: string; ErrorMessage: string }
  )[]
}
type Run = { status: string; request: string; events: { name: string; causationId: string | null }[] }

const invoicePaid = (invoiceId: string, amount: number) => ({
  Source: 'acme.billing',
  DetailType: 'InvoicePaid',
  Detail: JSON.stringify({ invoiceId, amount, customer: { name: 'Globex' } }),
})

describe.each(API_RUNTIMES)(
  'triggers, external events, idempotency and the API description (%s)',
  { timeout: 90_000 },
  (runtime, start) => {
    let target: ApiTarget
    beforeAll(async () => {
      // Messages are answered 200 with the whole run: a budget no loaded machine outruns (moto: 4-10 s a run).
      target = await start({ env: { CHORUS_SYNC_BUDGET_MS: '80000' } })
    }, 60_000)
    afterAll(() => target?.close())
    const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      target.call(method, path, body, headers)

    it('turns a posted external event into a run when a trigger matches it', async () => {
      const trigger = {
        name: 'big-invoice',
        description: 'Summarise large paid invoices',
        pattern: {
          source: ['acme.billing'],
          'detail-type': ['InvoicePaid'],
          detail: { amount: [{ numeric: ['>=', 1000] }] },
        },
        request: 'Write a thank-you note to {{detail.customer.name}} for invoice {{detail.invoiceId}}',
      }
      expect((await call('POST', '/triggers', trigger)).status).toBe(201)

      const res = await call('POST', '/events', {
        Entries: [invoicePaid('INV-1', 5000), invoicePaid('INV-2', 10)],
      })

      expect(res.status).toBe(200)
      const result = res.json as PutEventsResult
      expect(result.FailedEntryCount).toBe(0)
      const [big, small] = result.Entries as { EventId: string; Runs: { Trigger: string; RunId: string }[] }[]
      expect(small?.Runs).toEqual([])
      expect(big?.Runs.map((r) => r.Trigger)).toEqual(['big-invoice'])
      const run = (await target.waitForRun(big?.Runs[0]?.RunId as string)) as Run
      expect(run.request).toBe('Write a thank-you note to Globex for invoice INV-1')
      expect(run.status).toBe('completed')
      expect(run.events[0]).toMatchObject({ name: 'RunRequested', causationId: big?.EventId })
      const stored = await target.stores.log.list(target.tenantId, big?.EventId as string)
      expect(stored.map((e) => e.meta.name)).toEqual(['ExternalEventReceived'])
    })

    it('stores the valid entries of a batch and reports the invalid one, like PutEvents', async () => {
      const res = await call('POST', '/events', {
        Entries: [
          invoicePaid('INV-3', 1),
          { Source: 'chorus.api', DetailType: 'RunRequested', Detail: '{}' },
          { Source: 'acme.billing', DetailType: 'InvoicePaid', Detail: '{not json' },
          invoicePaid('INV-4', 2),
        ],
      })
      expect(res.status).toBe(200)
      const result = res.json as PutEventsResult
      expect(result.FailedEntryCount).toBe(2)
      expect(result.Entries.map((e) => ('EventId' in e ? 'ok' : e.ErrorCode))).toEqual([
        'ok',
        'event.invalid',
        'event.invalid',
        'ok',
      ])
      expect(JSON.stringify(result.Entries[1])).toContain('Source: the chorus. prefix is reserved')
      expect(JSON.stringify(result.Entries[2])).toContain('Detail: must be a JSON object')
      for (const entry of result.Entries)
        if ('EventId' in entry)
          expect(await target.stores.log.list(target.tenantId, entry.EventId)).toHaveLength(1)
    })

    it('answers a retried event post with its first result, and refuses the key for another body', async () => {
      const body = { Entries: [invoicePaid('INV-9', 9)] }
      const key = { 'idempotency-key': 'publish-INV-9' }
      const first = await call('POST', '/events', body, key)
      const retry = await call('POST', '/events', body, key)
      expect(retry.json).toEqual(first.json)
      expect(retry.headers.get('idempotent-replayed')).toBe('true')
      const other = await call('POST', '/events', { Entries: [invoicePaid('INV-10', 9)] }, key)
      expect(other.status).toBe(422)
      expect(other.json).toMatchObject({ error: { code: 'idempotency.mismatch' } })
      expect((await call('POST', '/events', body, { 'idempotency-key': 'has spaces' })).status).toBe(400)
    })

    it('answers a retried chat message with the first run, and a concurrent duplicate with 409', async () => {
      const key = { 'idempotency-key': 'msg-1' }
      const [a, b] = await Promise.all([
        call('POST', '/chats/idem/messages', { content: 'Explain tides' }, key),
        call('POST', '/chats/idem/messages', { content: 'Explain tides' }, key),
      ])
      expect([a.status, b.status].sort()).toEqual([200, 409])
      const first = a.status === 200 ? a : b
      const retry = await call('POST', '/chats/idem/messages', { content: 'Explain tides' }, key)
      expect(retry.status).toBe(200)
      expect((retry.json as { runId: string }).runId).toBe((first.json as { runId: string }).runId)
      const messages = (await call('GET', '/chats/idem')).json as { messages: unknown[] }
      expect(messages.messages).toHaveLength(2) // one question, one answer: the retries started nothing
    })

    it('validates and versions triggers', async () => {
      const bad = await call('POST', '/triggers', {
        name: 'broken',
        pattern: { source: 'acme.billing' },
        request: 'Handle {{amount}}',
      })
      expect(bad.status).toBe(400)
      const message = (bad.json as { error: { message: string } }).error.message
      expect(message).toContain('body.pattern: source: must be an object or a non-empty array')
      expect(message).toContain('unknown template variable "amount"')
      const trigger = {
        name: 'any-billing',
        pattern: { source: [{ prefix: 'acme.' }] },
        request: 'Note {{detailType}}',
      }
      expect((await call('PUT', '/triggers/any-billing', trigger)).json).toMatchObject({ version: 1 })
      expect((await call('PUT', '/triggers/any-billing', { ...trigger, enabled: false })).json).toMatchObject(
        {
          version: 2,
        },
      )
      expect((await call('PUT', '/triggers/other-name', trigger)).status).toBe(400)
      const list = (await call('GET', '/triggers')).json as { triggers: { name: string }[] }
      expect(list.triggers.map((t) => t.name)).toContain('any-billing')
      expect((await call('DELETE', '/triggers/any-billing')).status).toBe(204)
      expect((await call('GET', '/triggers/any-billing')).status).toBe(404)
    })

    it('publishes the JSON Schema of every event version', async () => {
      const schemas = (await call('GET', '/events/schemas')).json as Record<string, { source: string }>
      expect(Object.keys(schemas)).toContain('ExternalEventReceived.v1')
      expect(schemas['RunCancelRequested.v1']?.source).toBe('chorus.api')
    })

    it('serves an OpenAPI document that validates and lists every endpoint the server routes', async () => {
      const document = (await call('GET', '/openapi.json')).json as {
        paths: Record<string, Record<string, unknown>>
      }
      const result = await new Validator().validate(document as never)
      expect(result).toEqual({ valid: true })
      const listed = Object.entries(document.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      )
      expect(listed.sort()).toEqual(API_OPERATIONS.map((op) => `${op.method} ${op.path}`).sort())
      // Every operation the runtime serves is routed; the run event stream is not served on AWS yet.
      const served = API_OPERATIONS.filter(
        (op) => op.operationId !== 'streamRunEvents' || servesStreams(runtime),
      )
      for (const op of served) {
        const probe = op.path.replace(/\{\w+\}/g, 'x')
        const res = await fetch(`${target.url}${probe}`, { method: op.method })
        expect([404, 405], `${op.method} ${op.path} is routed`).not.toContain(res.status)
      }
    })
  },
)
