import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_RUNTIMES, type ApiTarget, type RuntimeName, servesStreams } from '../testing/index.ts'

const RUN = '01JD0000000000000000000000'
const team = { name: 'ok-team', description: 'd', shape: 'llm', prompt: 'p' }
const trigger = { name: 'ok-trigger', pattern: { source: ['a.b'] }, request: 'r' }
const entry = { Source: 'acme.billing', DetailType: 'InvoicePaid', Detail: '{}' }

/** [what, method, path, body, expected status, the message names…] */
type Case = [string, string, string, unknown, number, RegExp]

const JSON_BODY_ENDPOINTS: [string, string][] = [
  ['POST', '/chats'],
  ['POST', '/chats/c/messages'],
  ['POST', `/runs/${RUN}/cancel`],
  ['POST', '/teams'],
  ['PUT', '/teams/ok-team'],
  ['POST', '/triggers'],
  ['PUT', '/triggers/ok-trigger'],
  ['POST', '/events'],
  ['PUT', '/prompts/planner.system'],
]

const CASES: Case[] = [
  ...JSON_BODY_ENDPOINTS.map(([m, p]): Case => ['malformed JSON', m, p, '{"a": ', 422, /malformed JSON/]),
  ...JSON_BODY_ENDPOINTS.map(([m, p]): Case => ['a JSON array body', m, p, '[1, 2]', 400, /body/]),
  ['a wrong type', 'POST', '/chats/c/messages', { content: 42 }, 400, /body\.content/],
  ['a wrong type', 'POST', '/chats', { title: 5 }, 400, /body\.title/],
  ['a wrong type', 'POST', '/teams', { ...team, tools: 'file.read' }, 400, /body\.tools/],
  ['a wrong type', 'POST', '/triggers', { ...trigger, enabled: 'yes' }, 400, /body\.enabled/],
  ['a wrong type', 'POST', '/events', { Entries: 'all of them' }, 400, /body\.Entries/],
  ['a wrong type', 'PUT', '/prompts/planner.system', { text: ['a'] }, 400, /body\.text/],
  ['a wrong type', 'POST', `/runs/${RUN}/cancel`, { reason: 7 }, 400, /body\.reason/],
  ['an unknown field', 'POST', '/chats', { title: 't', owner: 'me' }, 400, /owner/],
  ['an unknown field', 'POST', '/events', { Entries: [entry], Bus: 'x' }, 400, /Bus/],
  ['an unknown field', 'POST', '/triggers', { ...trigger, priority: 1 }, 400, /priority/],
  ['an unknown field', 'POST', `/runs/${RUN}/cancel`, { force: true }, 400, /force/],
  ['no entries', 'POST', '/events', { Entries: [] }, 400, /body\.Entries/],
  ['too many entries', 'POST', '/events', { Entries: Array(11).fill(entry) }, 400, /body\.Entries/],
  ['a bad chat id', 'POST', '/chats/bad%20id/messages', { content: 'x' }, 400, /chatId/],
  ['a bad chat id', 'GET', '/chats/%E0%A4%A', undefined, 400, /chatId/],
  ['a bad chat id', 'POST', '/chats', { chatId: '../etc' }, 400, /body\.chatId/],
  ['a bad run id', 'GET', '/runs/not-a-ulid', undefined, 400, /runId/],
  ['a bad run id', 'GET', '/runs/not-a-ulid/events', undefined, 400, /runId/],
  ['a bad run id', 'POST', '/runs/not-a-ulid/cancel', undefined, 400, /runId/],
  ['a bad team name', 'GET', '/teams/Bad_Name', undefined, 400, /name/],
  ['a bad team name', 'DELETE', '/teams/Bad_Name', undefined, 400, /name/],
  ['a bad trigger name', 'GET', '/triggers/UPPER', undefined, 400, /name/],
  ['a bad prompt name', 'GET', '/prompts/Bad', undefined, 400, /name/],
  ['a bad limit', 'GET', '/runs?limit=0', undefined, 400, /query\.limit/],
  ['a bad limit', 'GET', '/chats?limit=many', undefined, 400, /query\.limit/],
  ['an unknown query parameter', 'GET', '/runs?owner=me', undefined, 400, /owner/],
  ['a bad time', 'GET', '/runs?since=yesterday', undefined, 400, /query\.since/],
  [
    'a time window the wrong way round',
    'GET',
    '/runs?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00.000Z',
    undefined,
    400,
    /query\.since: must not be after query\.until/,
  ],
  ['a forged cursor', 'GET', '/chats?cursor=eyJjaGF0SWQiOiIuLi8ifQ', undefined, 400, /cursor/],
  ['a bad stream position', 'GET', `/runs/${RUN}/events?after=-1`, undefined, 400, /query\.after/],
  [
    'an unknown event name',
    'GET',
    '/events/schemas?name=StepExploded',
    undefined,
    400,
    /unknown event "StepExploded"/,
  ],
  [
    'an unknown event version',
    'GET',
    '/events/schemas?name=RunRequested&version=9',
    undefined,
    400,
    /RunRequested has no version 9 \(known: \d+(, \d+)*\)/,
  ],
  ['a name that does not match the path', 'PUT', '/teams/other', team, 400, /does not match the path/],
  ['an unknown route', 'GET', '/nope', undefined, 404, /no route/],
  ['an unsupported method', 'PATCH', '/teams/ok-team', team, 405, /not allowed/],
]

/** The cases a runtime can answer: the run event stream's only where it is served. */
const casesOf = (runtime: RuntimeName) =>
  servesStreams(runtime) ? CASES : CASES.filter(([, , path]) => !/^\/runs\/[^/]+\/events/.test(path))

describe.each(API_RUNTIMES)(
  'bad input answers 4xx naming the problem, never 5xx (%s)',
  { timeout: 60_000 },
  (runtime, start) => {
    let target: ApiTarget
    beforeAll(async () => {
      target = await start()
    }, 60_000)
    afterAll(() => target?.close())

    it.each(casesOf(runtime))('%s: %s %s', async (_, method, path, body, status, message) => {
      const res = await target.call(method, path, body)
      expect(res.status).toBe(status)
      expect((res.json as { error: { message: string } }).error.message).toMatch(message)
    })

    it.each(JSON_BODY_ENDPOINTS)(
      'refuses a lone surrogate in a key of the JSON body: %s %s',
      async (method, path) => {
        const res = await target.call(method, path, '{"\\udc00": "x"}')
        expect([res.status, (res.json as { error: { code: string } }).error.code]).toEqual([
          400,
          'request.invalidUnicode',
        ])
      },
    )

    it.each([
      ['a message', 'POST', '/chats/c/messages', '{"content": "hi \\ud800"}', /^body\.content: /],
      ['a chat title', 'POST', '/chats', '{"title": "\\udfff"}', /^body\.title: /],
      ['a prompt', 'PUT', '/prompts/planner.system', '{"text": "a\\ud800b"}', /^body\.text: /],
      [
        'an event detail',
        'POST',
        '/events',
        JSON.stringify({ Entries: [{ ...entry, Detail: { note: ['ok', '\ud800'] } }] }),
        /^body\.Entries\.0\.Detail\.note\.1: /,
      ],
      ['a path parameter', 'GET', '/chats/%ED%A0%80', undefined, /^path\.chatId: /],
      ['a query parameter', 'GET', '/runs?status=%ED%A0%80', undefined, /^query\.status: /],
    ])('refuses a lone surrogate in %s with a 400 naming the field', async (_, method, path, body, field) => {
      const res = await target.call(method, path, body)
      const { error } = res.json as { error: { code: string; message: string } }
      expect([res.status, error.code]).toEqual([400, 'request.invalidUnicode'])
      expect(error.message).toMatch(field)
    })

    it('stores nothing of a message refused for a lone surrogate', async () => {
      await target.call('POST', '/chats', { chatId: 'surrogates' })
      const refused = await target.call('POST', '/chats/surrogates/messages', '{"content": "\\ud800"}')
      expect(refused.status).toBe(400)
      const chat = await target.call('GET', '/chats/surrogates')
      expect(chat.json).toMatchObject({ chatId: 'surrogates', messages: [] })
    })

    it.each(JSON_BODY_ENDPOINTS)(
      'refuses a body that is not JSON by its content type: %s %s',
      async (method, path) => {
        const res = await target.call(method, path, 'hello', { 'content-type': 'text/plain' })
        expect([400, 415]).toContain(res.status)
      },
    )

    it('refuses an oversized body with 413', async () => {
      const big = { Entries: [{ ...entry, Detail: { blob: 'x'.repeat(1_100_000) } }] }
      const res = await target.call('POST', '/events', big)
      expect(res.status).toBe(413)
    })

    it('refuses an event over the 256 KB entry limit in its entry, not the whole batch', async () => {
      const big = { ...entry, Detail: { blob: 'x'.repeat(300_000) } }
      const res = await target.call('POST', '/events', { Entries: [big, entry] })
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'event.tooLarge' }, { EventId: expect.any(String) }],
      })
    })

    it('refuses a bad Idempotency-Key and a prototype-polluting body', async () => {
      const key = await target.call(
        'POST',
        '/events',
        { Entries: [entry] },
        { 'idempotency-key': 'x'.repeat(300) },
      )
      expect([key.status, (key.json as { error: { code: string } }).error.code]).toEqual([
        400,
        'idempotency.invalidKey',
      ])
      const polluted = await target.call('POST', '/chats', '{"__proto__": {"admin": true}}')
      expect(polluted.status).toBeGreaterThanOrEqual(400)
      expect(polluted.status).toBeLessThan(500)
    })
  },
)
