import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeArchiveCommand,
  DescribeEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-eventbridge'
import { BucketAlreadyOwnedByYou, CreateBucketCommand } from '@aws-sdk/client-s3'
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs'
import {
  archivePattern,
  CONSUMERS,
  type Consumer,
  type EventPatternNode,
  intakeRule,
  rulesFromRoutes,
} from '#events'
import type { SqsBatchHandler } from '#platform/queue/sqs-consumer.ts'
import { makeSqsPoller, type PollResult } from '#platform/queue/sqs-poller.ts'
import { ensureTable } from '#platform/store/index.ts'
import type { AwsClients } from './clients.ts'

export interface EmulatorStackOptions {
  /** Prefix of every resource name: lowercase letters, digits and dashes (unique per test). */
  prefix: string
  /** Redrive `maxReceiveCount` of every consumer queue (default 5). */
  maxReceives?: number
  /** Visibility timeout of the consumer queues, seconds (default 30). */
  visibilityTimeoutSeconds?: number
}

export interface QueuePair {
  url: string
  arn: string
  dlqUrl: string
}

/** What `provisionEmulatorStack` created, and the environment that points the AWS runtime at it. */
export interface EmulatorStack {
  busName: string
  tableName: string
  bucket: string
  maxReceives: number
  queues: Record<Consumer, QueuePair>
  /** The bus intake queue: outside producers' events (`intakeRule()`), refused ones in its DLQ. */
  intake: QueuePair
  /** The catch-all queue: every live Chorus event on the bus lands here (the archive's stand-in). */
  archiveQueueUrl: string
  /** `CHORUS_*` variables for `loadAwsConfig`, endpoint excluded. */
  env: Record<string, string>
}

const createQueue = async (clients: AwsClients, name: string, attributes: Record<string, string> = {}) => {
  const { QueueUrl } = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  )
  if (!QueueUrl) throw new Error(`no URL for queue ${name}`)
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  )
  const arn = Attributes?.QueueArn
  if (!arn) throw new Error(`no ARN for queue ${name}`)
  return { url: QueueUrl, arn }
}

const ignoring = async (exists: (error: unknown) => boolean, create: () => Promise<unknown>) => {
  try {
    await create()
  } catch (error) {
    if (!exists(error)) throw error
  }
}

/**
 * Creates on an emulator (or any account) what the CDK stack creates on AWS: the event bus, a queue
 * and DLQ per consumer (redrive after `maxReceives`) fed by that consumer's rules from
 * `rulesFromRoutes()`, a catch-all archive rule and queue, the table and the bucket. Safe to run twice.
 */
export const provisionEmulatorStack = async (
  clients: AwsClients,
  options: EmulatorStackOptions,
): Promise<EmulatorStack> => {
  const { prefix } = options
  const maxReceives = options.maxReceives ?? 5
  const busName = `${prefix}-bus`
  let busArn = ''
  await ignoring(
    (e) => e instanceof ResourceAlreadyExistsException,
    async () => {
      busArn =
        (await clients.eventBridge.send(new CreateEventBusCommand({ Name: busName }))).EventBusArn ?? ''
    },
  )
  const route = async (name: string, pattern: EventPatternNode, arn: string) => {
    await clients.eventBridge.send(
      new PutRuleCommand({ Name: name, EventBusName: busName, EventPattern: JSON.stringify(pattern) }),
    )
    await clients.eventBridge.send(
      new PutTargetsCommand({ Rule: name, EventBusName: busName, Targets: [{ Id: 'queue', Arn: arn }] }),
    )
  }

  const queues = {} as Record<Consumer, QueuePair>
  for (const consumer of CONSUMERS) {
    const dlq = await createQueue(clients, `${prefix}-${consumer}-dlq`)
    const queue = await createQueue(clients, `${prefix}-${consumer}`, {
      VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: maxReceives }),
    })
    queues[consumer] = { ...queue, dlqUrl: dlq.url }
  }
  // A consumer may have several rules (live, replay), all into its one queue.
  for (const rule of rulesFromRoutes())
    await route(`${prefix}-${rule.name.replace(/^chorus-/, '')}`, rule.pattern, queues[rule.consumer].arn)
  const intakeDlq = await createQueue(clients, `${prefix}-intake-dlq`)
  const intakeQueue = await createQueue(clients, `${prefix}-intake`, {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: intakeDlq.arn, maxReceiveCount: maxReceives }),
  })
  const intake = { ...intakeQueue, dlqUrl: intakeDlq.url }
  await route(`${prefix}-intake`, intakeRule().pattern, intake.arn)
  const archive = await createQueue(clients, `${prefix}-archive`)
  await route(`${prefix}-archive`, archivePattern(), archive.arn)
  // The EventBridge archive itself, which StartReplay reads (the queue above is for tests to look at).
  if (!busArn)
    busArn = (await clients.eventBridge.send(new DescribeEventBusCommand({ Name: busName }))).Arn ?? ''
  const archiveName = `${prefix}-archive`.slice(0, 48)
  let archiveArn = ''
  await ignoring(
    (e) => (e as { name?: string }).name === 'ResourceAlreadyExistsException',
    async () => {
      const created = await clients.eventBridge.send(
        new CreateArchiveCommand({
          ArchiveName: archiveName,
          EventSourceArn: busArn,
          EventPattern: JSON.stringify(archivePattern()),
        }),
      )
      archiveArn = created.ArchiveArn ?? ''
    },
  )
  if (!archiveArn)
    archiveArn =
      (await clients.eventBridge.send(new DescribeArchiveCommand({ ArchiveName: archiveName }))).ArchiveArn ??
      ''

  const tableName = prefix
  await ensureTable(clients.dynamo.client, tableName)
  const bucket = prefix
  await ignoring(
    (e) => e instanceof BucketAlreadyOwnedByYou,
    () => clients.s3.send(new CreateBucketCommand({ Bucket: bucket })),
  )

  return {
    busName,
    tableName,
    bucket,
    maxReceives,
    queues,
    intake,
    archiveQueueUrl: archive.url,
    env: {
      CHORUS_TABLE_NAME: tableName,
      CHORUS_EVENT_BUS_NAME: busName,
      CHORUS_BUCKET_NAME: bucket,
      CHORUS_ARCHIVE_ARN: archiveArn,
      CHORUS_EVENT_BUS_ARN: busArn,
      CHORUS_PLANNER_QUEUE_URL: queues.planner.url,
      CHORUS_SUPERVISOR_QUEUE_URL: queues.supervisor.url,
      CHORUS_WORKERS_QUEUE_URL: queues.workers.url,
      CHORUS_PROJECTOR_QUEUE_URL: queues.projector.url,
      CHORUS_PLANNER_DLQ_URL: queues.planner.dlqUrl,
      CHORUS_SUPERVISOR_DLQ_URL: queues.supervisor.dlqUrl,
      CHORUS_WORKERS_DLQ_URL: queues.workers.dlqUrl,
      CHORUS_PROJECTOR_DLQ_URL: queues.projector.dlqUrl,
      CHORUS_INTAKE_DLQ_URL: intake.dlqUrl,
      CHORUS_QUEUE_MAX_RECEIVES: String(maxReceives),
    },
  }
}

/** Receives and deletes everything currently in a queue; returns the parsed bodies. */
const takeAll = async (clients: AwsClients, queueUrl: string): Promise<unknown[]> => {
  const bodies: unknown[] = []
  for (;;) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    )
    if (Messages.length === 0) return bodies
    for (const message of Messages) bodies.push(JSON.parse(message.Body ?? 'null'))
    await clients.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    )
  }
}

/** Receives and deletes everything in a queue; returns each body and its `chorus-reason*` attributes. */
const takeWithReasons = async (clients: AwsClients, queueUrl: string) => {
  const taken: { body: unknown; code?: string; reason?: string }[] = []
  for (;;) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    )
    if (Messages.length === 0) return taken
    for (const m of Messages)
      taken.push({
        body: JSON.parse(m.Body ?? 'null'),
        ...(m.MessageAttributes?.['chorus-reason-code']?.StringValue
          ? { code: m.MessageAttributes['chorus-reason-code'].StringValue }
          : {}),
        ...(m.MessageAttributes?.['chorus-reason']?.StringValue
          ? { reason: m.MessageAttributes['chorus-reason'].StringValue }
          : {}),
      })
    await clients.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    )
  }
}

export interface EmulatorDriverDeps {
  clients: AwsClients
  stack: EmulatorStack
  /** The Lambda handlers of the consumer queues (e.g. `runtime.consumers` or the entry points). */
  handlers: Record<Consumer, SqsBatchHandler>
  /** The handler of the bus intake queue (`runtime.intake`); polled first in every round when given. */
  intake?: SqsBatchHandler
  region?: string
}

/**
 * Plays Lambda's SQS event sources in-process: polls each consumer queue into its handler, deletes
 * what succeeded, and makes failures visible again at once (`retryAfterSeconds: 0`) so redelivery and
 * the DLQ are reached without waiting for visibility timeouts.
 */
export const makeEmulatorDriver = ({ clients, stack, handlers, intake, region }: EmulatorDriverDeps) => {
  const intakePoller = intake
    ? makeSqsPoller({
        sqs: clients.sqs,
        queueUrl: stack.intake.url,
        handler: intake,
        ...(region ? { region } : {}),
      })
    : undefined
  const pollers = CONSUMERS.map((consumer) => ({
    consumer,
    poller: makeSqsPoller({
      sqs: clients.sqs,
      queueUrl: stack.queues[consumer].url,
      handler: handlers[consumer],
      ...(region ? { region } : {}),
    }),
  }))
  return {
    /**
     * Polls the queues (all, or `only` these) until one full round receives nothing; returns what
     * each consumer got.
     */
    drain: async ({
      maxRounds = 500,
      only = CONSUMERS,
      retryAfterSeconds = 0,
    }: {
      maxRounds?: number
      only?: readonly Consumer[]
      /** When a failed message comes back: 0 (default) at once, so tests reach the DLQ fast. */
      retryAfterSeconds?: number
    } = {}): Promise<Record<Consumer, PollResult>> => {
      const totals = Object.fromEntries(
        CONSUMERS.map((c) => [c, { received: 0, succeeded: 0, failed: 0 }]),
      ) as Record<Consumer, PollResult>
      for (let round = 0; round < maxRounds; round++) {
        let received = 0
        if (intakePoller) received += (await intakePoller.pollOnce({ retryAfterSeconds })).received
        for (const { consumer, poller } of pollers) {
          if (!only.includes(consumer)) continue
          const result = await poller.pollOnce({ retryAfterSeconds })
          received += result.received
          totals[consumer].received += result.received
          totals[consumer].succeeded += result.succeeded
          totals[consumer].failed += result.failed
        }
        if (received === 0) return totals
      }
      throw new Error(`queues still busy after ${maxRounds} rounds`)
    },
    /** Takes every message from a consumer's DLQ (EventBridge events as delivered). */
    deadLetters: (consumer: Consumer) => takeAll(clients, stack.queues[consumer].dlqUrl),
    /** Takes every message from the intake DLQ: the event as delivered and the reason it was refused. */
    intakeDeadLetters: () => takeWithReasons(clients, stack.intake.dlqUrl),
    /** Takes every event the archive rule delivered since the last call. */
    archived: () => takeAll(clients, stack.archiveQueueUrl),
  }
}

export type EmulatorDriver = ReturnType<typeof makeEmulatorDriver>
