import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_RUNTIMES, type ApiTarget } from '../testing/index.ts'

type Reply = {
  status: string
  runId: string
  reply: string
  plan: { steps: { id: string; team: string; dependsOn: string[] }[] }
  steps: {
    stepId: string
    inputs: { stepId: string; output: { text: string } }[]
    output: { text: string }
  }[]
}

// One stack per runtime for the file; on moto a chat is a few dozen requests.
describe.each(API_RUNTIMES)(
  'a chat message through every service over HTTP (%s)',
  { timeout: 90_000 },
  (_, start) => {
    let target: ApiTarget
    beforeAll(async () => {
      // Messages are answered 200 with the whole run: a budget no loaded machine outruns (moto: 4-10 s a run).
      target = await start({ env: { CHORUS_SYNC_BUDGET_MS: '80000' } })
    }, 60_000)
    afterAll(() => target?.close())

    it('answers with a reply built by two steps, the second fed by the first', async () => {
      const res = await target.call('POST', '/chats/demo/messages', {
        content: 'Explain how solar panels work',
      })

      expect(res.status).toBe(200)
      const body = res.json as Reply
      expect(body.status).toBe('completed')
      expect(body.plan.steps.map((s) => s.team)).toEqual(['researcher', 'writer'])
      const [first, second] = body.steps
      expect(second?.inputs).toEqual([{ stepId: first?.stepId, output: first?.output }])
      expect(second?.output.text).toContain(first?.output.text)
      expect(body.reply).toBe(second?.output.text)
      expect(body.reply).toContain('[offline model]')
    })

    it('shows the run with its ordered event log, seq 1..n', async () => {
      const posted = await target.call('POST', '/chats/demo/messages', {
        content: 'Summarise the history of tea',
      })
      const { runId } = posted.json as { runId: string }

      const res = await target.call('GET', `/runs/${runId}`)

      expect(res.status).toBe(200)
      const run = res.json as { status: string; events: { seq: number; name: string }[]; steps: unknown[] }
      expect(run.status).toBe('completed')
      expect(run.events.map((e) => e.name)).toEqual([
        'RunRequested',
        'PlanCreated',
        'TaskQueued',
        'StepCompleted',
        'TaskQueued',
        'StepCompleted',
        'RunCompleted',
      ])
      expect(run.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7])
      expect(run.steps).toHaveLength(2)
    })

    it('creates, lists and shows chats with their messages', async () => {
      const call = target.as(await target.credentialsFor('chat-lister'))
      const created = await call('POST', '/chats', { title: 'Tides' })
      expect(created.status).toBe(201)
      const { chatId } = created.json as { chatId: string }
      expect(created.headers.get('location')).toBe(`/chats/${chatId}`)
      expect((await call('POST', '/chats', { chatId })).status).toBe(409)
      await call('POST', `/chats/${chatId}/messages`, { content: 'Explain tides' })
      await call('POST', '/chats/implicit/messages', { content: 'Opened by a message' })

      const list = (await call('GET', '/chats')).json as { chats: { chatId: string }[] }
      expect(list.chats.map((c) => c.chatId)).toEqual(['implicit', chatId])
      const chat = (await call('GET', `/chats/${chatId}`)).json as {
        title: string
        messages: { role: string }[]
      }
      expect(chat.title).toBe('Tides')
      expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
      expect((await call('GET', '/chats/nope')).status).toBe(404)
    })

    it.each([
      ['malformed JSON', '{"content": ', 422, /malformed JSON/],
      ['a missing field', {}, 400, /body\.content/],
      ['a wrong type', { content: 42 }, 400, /body\.content/],
      ['an unknown field', { content: 'hi', extra: 1 }, 400, /extra/],
      ['an empty message', { content: '   ' }, 400, /body\.content/],
    ])('rejects %s with a message naming the problem', async (_, body, status, message) => {
      const res = await target.call('POST', '/chats/demo/messages', body)
      expect(res.status).toBe(status)
      expect((res.json as { error: { message: string } }).error.message).toMatch(message)
    })

    it('rejects a body that is not JSON by its content type', async () => {
      const res = await target.call('POST', '/chats/demo/messages', 'hello', { 'content-type': 'text/plain' })
      expect(res.status).toBe(415)
    })

    it('rejects a bad chat id and answers 404 for an unknown run or route', async () => {
      expect((await target.call('POST', '/chats/bad%20id/messages', { content: 'x' })).status).toBe(400)
      expect((await target.call('GET', '/runs/not-a-ulid')).status).toBe(400)
      expect((await target.call('GET', '/runs/01JD0000000000000000000000')).status).toBe(404)
      expect((await target.call('GET', '/nope')).status).toBe(404)
      expect((await target.call('DELETE', '/runs/01JD0000000000000000000000')).status).toBe(405)
    })
  },
)
