import { randomBytes } from 'node:crypto'
import type { OperationId } from '../routes.ts'
import type { ApiAnswer, ApiRequest, IsolationTarget } from './isolation-target.ts'

/** Everything tenant A owns in the isolation suite, by what the table's parameters are filled from. */
export interface TenantA {
  tenantId: string
  /** In every text A wrote (titles, messages, prompts, descriptions): B must never see it. */
  secret: string
  chatId: string
  otherChatId: string
  /** A run of A's chat that completed. */
  runId: string
  /** The run A's trigger started from A's external event. */
  eventRunId: string
  eventId: string
  team: string
  trigger: string
  prompt: string
  tool: string
  replay: string
  /** A dead letter of A's chat run. */
  deadLetterId: string
  /** The `Idempotency-Key` A sent to each idempotent operation. */
  idempotencyKeys: Partial<Record<OperationId, string>>
  /** A's cursors to the second page of its lists. */
  cursors: { runs: string; chats: string }
}

/** What tenant B owns: lists must show these, and never A's. */
export interface TenantB {
  tenantId: string
  chatId: string
  team: string
}

export const suffix = () => randomBytes(4).toString('hex')

/** Fails with the request and answer when an answer is not the expected one (fixtures must be real). */
export const expectStatus = (request: ApiRequest, answer: ApiAnswer, ...statuses: number[]) => {
  if (!statuses.includes(answer.status))
    throw new Error(
      `${request.method} ${request.resource} answered ${answer.status}, expected ${statuses.join(' or ')}: ${answer.body.slice(0, 500)}`,
    )
  return answer.body ? (JSON.parse(answer.body) as Record<string, unknown>) : {}
}

/**
 * Creates tenant A's resources through the API as A itself: a prompt, an HTTP tool, a team using
 * them, a trigger, two chats, a completed chat run (with an `Idempotency-Key`), an external event
 * that started a run (with a key), a replay of the chat run, and cursors into A's lists.
 */
export const setUpTenantA = async (target: IsolationTarget, id: string): Promise<TenantA> => {
  const tenantId = `alpha-${id}`
  const secret = `alpha-secret-${id}`
  const a = {
    tenantId,
    secret,
    chatId: `alpha-chat-${id}`,
    otherChatId: `alpha-chat-2-${id}`,
    team: `alpha-team-${id}`,
    trigger: `alpha-trigger-${id}`,
    prompt: `alpha.prompt-${id}`,
    tool: `alpha.tool-${id}`,
    replay: `alpha-replay-${id}`,
    idempotencyKeys: { postMessage: `alpha-message-key-${id}`, postEvents: `alpha-events-key-${id}` },
  }
  const send = async (request: ApiRequest, ...statuses: number[]) =>
    expectStatus(request, await target.send(tenantId, request), ...statuses)
  const write = (method: string, resource: string, params: Record<string, string>, body: unknown) =>
    send({ method, resource, params, body }, 200, 201)

  await write('PUT', '/prompts/{name}', { name: a.prompt }, { text: `Task: {{instruction}} (${secret})` })
  await target.saveHttpTool(tenantId, {
    name: a.tool,
    description: `Looks up ${secret}`,
    method: 'GET',
    url: 'https://alpha.example/lookup?q={q}',
    input: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
    headers: {},
    body: 'none',
    response: { maxChars: 1000 },
  })
  await write(
    'POST',
    '/teams',
    {},
    {
      name: a.team,
      description: `Writes the answer for ${secret}`,
      shape: 'llm',
      prompt: { prompt: a.prompt },
    },
  )
  await write(
    'POST',
    '/triggers',
    {},
    {
      name: a.trigger,
      pattern: { source: ['alpha.orders'] },
      request: `Write the confirmation of order {{detail.id}} for ${secret}`,
    },
  )
  await write('POST', '/chats', {}, { chatId: a.chatId, title: `Chat of ${secret}` })
  await write('POST', '/chats', {}, { chatId: a.otherChatId, title: `Other chat of ${secret}` })
  const message = await send(
    {
      method: 'POST',
      resource: '/chats/{chatId}/messages',
      params: { chatId: a.chatId },
      body: { content: `Write about tides for ${secret}` },
      headers: { 'idempotency-key': a.idempotencyKeys.postMessage },
    },
    200,
    202,
  )
  const runId = message.runId as string
  const events = await send(
    {
      method: 'POST',
      resource: '/events',
      params: {},
      body: { Entries: [{ Source: 'alpha.orders', DetailType: 'OrderPlaced', Detail: { id: secret } }] },
      headers: { 'idempotency-key': a.idempotencyKeys.postEvents },
    },
    200,
  )
  const entry = (events.Entries as { EventId: string; Runs: { RunId: string }[] }[])[0]
  const eventRunId = entry?.Runs[0]?.RunId
  if (!entry || !eventRunId) throw new Error(`A's event started no run: ${JSON.stringify(events)}`)
  await target.settle(tenantId, [runId, eventRunId])

  const from = new Date(Date.now() - 3600_000).toISOString()
  await send(
    {
      method: 'POST',
      resource: '/replays',
      params: {},
      body: { name: a.replay, from, to: new Date().toISOString(), runId },
    },
    202,
  )
  await target.settle(tenantId, [])
  await target.deadLetter(tenantId, runId)
  const letters = await send({ method: 'GET', resource: '/dead-letters', params: {} }, 200)
  const deadLetterId = (letters.deadLetters as { id: string }[])[0]?.id
  if (!deadLetterId) throw new Error(`A's dead letter is not listed: ${JSON.stringify(letters)}`)
  const page = async (resource: string) =>
    (await send({ method: 'GET', resource, params: {}, query: { limit: '1' } }, 200)).next as string
  return {
    ...a,
    runId,
    eventRunId,
    eventId: entry.EventId,
    deadLetterId,
    cursors: { runs: await page('/runs'), chats: await page('/chats') },
  }
}

/** Tenant B's own chat and team, created as B. */
export const setUpTenantB = async (target: IsolationTarget, id: string): Promise<TenantB> => {
  const b = { tenantId: `bravo-${id}`, chatId: `bravo-chat-${id}`, team: `bravo-team-${id}` }
  const write = async (resource: string, body: unknown) => {
    const request = { method: 'POST', resource, params: {}, body }
    expectStatus(request, await target.send(b.tenantId, request), 201)
  }
  await write('/chats', { chatId: b.chatId, title: 'Chat of B' })
  await write('/teams', { name: b.team, description: 'Writes for B.', shape: 'llm', prompt: '{{goal}}' })
  return b
}

/** A's identifiers: B may see one only where B itself sent it in the request. */
export const identifiersOf = (a: TenantA): string[] => [
  a.tenantId,
  a.chatId,
  a.otherChatId,
  a.runId,
  a.eventRunId,
  a.eventId,
  a.team,
  a.trigger,
  a.prompt,
  a.tool,
  a.replay,
  a.deadLetterId,
  ...Object.values(a.idempotencyKeys),
]

/** What A reads of its own resources: the same before and after every probe of B. */
export const snapshotPaths = (a: TenantA): ApiRequest[] =>
  [
    ['/teams/{name}', { name: a.team }],
    ['/triggers/{name}', { name: a.trigger }],
    ['/prompts/{name}', { name: a.prompt }],
    ['/chats/{chatId}', { chatId: a.chatId }],
    ['/chats/{chatId}', { chatId: a.otherChatId }],
    ['/runs/{runId}', { runId: a.runId }],
    ['/runs/{runId}', { runId: a.eventRunId }],
    ['/replays/{name}/runs/{runId}', { name: a.replay, runId: a.runId }],
    ['/dead-letters/{id}', { id: a.deadLetterId }],
    ['/dead-letters', {}],
    ['/runs', {}],
    ['/chats', {}],
    ['/teams', {}],
    ['/triggers', {}],
    ['/tools', {}],
  ].map(([resource, params]) => ({
    method: 'GET',
    resource: resource as string,
    params: params as Record<string, string>,
  }))
