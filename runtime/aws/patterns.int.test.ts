import {
  CreateEventBusCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge'
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs'
import { afterAll, describe, expect, it } from 'vitest'
import { archivePattern, CATALOG, type EventPatternNode, matchesPattern, rulesFromRoutes } from '#events'
import { PATTERN_CASES, type PatternTestEvent } from '../../events/patterns.cases.ts'
import { motoClients, uniquePrefix } from './testing/emulator.ts'

const clients = motoClients()
afterAll(() => clients.destroy())

/** The event as EventBridge hands it to a rule. */
const asDelivered = (event: PatternTestEvent) => ({
  version: '0',
  id: 'test',
  account: '123456789012',
  time: new Date().toISOString(),
  region: 'us-east-1',
  resources: [],
  ...event,
})

const receiveAll = async (queueUrl: string): Promise<number[]> => {
  const seen: number[] = []
  for (;;) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
    )
    if (Messages.length === 0) return seen.sort((a, b) => a - b)
    for (const m of Messages) seen.push((JSON.parse(m.Body ?? '{}') as { n: number }).n)
  }
}

/** Sends every event past every pattern on moto; returns, per pattern, which events it delivered. */
const routeOnMoto = async (patterns: readonly EventPatternNode[], events: readonly PatternTestEvent[]) => {
  const prefix = uniquePrefix('patterns')
  const bus = `${prefix}-bus`
  await clients.eventBridge.send(new CreateEventBusCommand({ Name: bus }))
  const queues = await Promise.all(
    patterns.map(async (pattern, i) => {
      const { QueueUrl = '' } = await clients.sqs.send(
        new CreateQueueCommand({ QueueName: `${prefix}-${i}` }),
      )
      const { Attributes } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      )
      const name = `${prefix}-${i}`
      await clients.eventBridge.send(
        new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: JSON.stringify(pattern) }),
      )
      await clients.eventBridge.send(
        new PutTargetsCommand({
          Rule: name,
          EventBusName: bus,
          // Only the event number travels: matching is what is under test, and moto renders the
          // default target input with eight JSONPath parses per delivery (~140 ms), this with one.
          Targets: [
            {
              Id: 'q',
              Arn: Attributes?.QueueArn,
              InputTransformer: { InputPathsMap: { n: '$.detail._n' }, InputTemplate: '{"n": <n>}' },
            },
          ],
        }),
      )
      return QueueUrl
    }),
  )
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10).map((event, j) => ({
      EventBusName: bus,
      Source: event.source,
      DetailType: event['detail-type'],
      Detail: JSON.stringify({ ...event.detail, _n: i + j }),
    }))
    const out = await clients.eventBridge.send(new PutEventsCommand({ Entries: batch }))
    expect(out.FailedEntryCount ?? 0).toBe(0)
  }
  return Promise.all(queues.map(receiveAll))
}

const predicted = (patterns: readonly EventPatternNode[], events: readonly PatternTestEvent[]) =>
  patterns.map((pattern) =>
    events.flatMap((event, n) => (matchesPattern(pattern, asDelivered(event)) ? [n] : [])),
  )

describe('the pattern matcher agrees with moto', () => {
  it('on every conformance case: each event past each pattern', { timeout: 120_000 }, async () => {
    const cases = PATTERN_CASES.filter((c) => c.moto !== false)
    const patterns = cases.map((c) => c.pattern)
    const events = cases.map((c) => c.event)

    const routed = await routeOnMoto(patterns, events)

    expect(routed).toEqual(predicted(patterns, events))
    // And the table itself: each case's own event goes where the case says.
    expect(cases.map((c, i) => [c.name, routed[i]?.includes(i)])).toEqual(
      cases.map((c) => [c.name, c.matches]),
    )
  })

  it('on the consumer and archive rules with every Chorus event, sync and async', {
    timeout: 60_000,
  }, async () => {
    const patterns = [...rulesFromRoutes().map((r) => r.pattern), archivePattern()]
    const events: PatternTestEvent[] = CATALOG.flatMap((d) =>
      (['sync', 'async'] as const).map((route) => ({
        source: d.source,
        'detail-type': d.name,
        detail: { meta: { name: d.name, version: d.version, route }, data: {} },
      })),
    )

    const routed = await routeOnMoto(patterns, events)

    expect(routed).toEqual(predicted(patterns, events))
    expect(routed.at(-1)).toHaveLength(events.length)
  })
})
