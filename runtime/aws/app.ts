import { CONSUMERS, type Consumer } from '#events'
import { makeS3BlobStore } from '#platform/blobs/s3-blob-store.ts'
import { makeEventBridgeBus } from '#platform/bus/eventbridge-bus.ts'
import type { PutEventsClient } from '#platform/bus/put-events.ts'
import { makeDynamoCheckpointSaver } from '#platform/checkpoint/index.ts'
import { describeError } from '#platform/errors/index.ts'
import { type Logger, makeLogger } from '#platform/log/index.ts'
import type { ModelProvider } from '#platform/models/index.ts'
import { LocalQueue } from '#platform/queue/index.ts'
import { makeSqsConsumer, type SqsBatchHandler } from '#platform/queue/sqs-consumer.ts'
import { makeSqsDeadLetterSink } from '#platform/queue/sqs-dead-letter-sink.ts'
import { makeSqsDeadLetters } from '#platform/queue/sqs-dead-letters.ts'
import { makeSqsRetryBackoff } from '#platform/queue/sqs-retry-backoff.ts'
import { makeSecretsManagerStore } from '#platform/secrets/secrets-manager-store.ts'
import { makeDeadLetterNotes, makeEventLog, makeTable } from '#platform/store/index.ts'
import { type Core, makeCore } from '../core.ts'
import { loadTenantBudgets } from '../tenant-budgets.ts'
import { readAwsAnchors } from './anchors.ts'
import { type AwsClients, makeAwsClients } from './clients.ts'
import type { AwsConfig } from './config.ts'
import { makeIntakeConsumer, sendToDeadLetterQueue } from './intake-consumer.ts'
import { fixedModels, makeAwsModels } from './models.ts'
import { routeRunsAs } from './route-runs.ts'
import { startReplayDelivery } from './start-replay.ts'
import { makeAwsTeamRuntime } from './team-runtime.ts'

export interface AwsRuntimeOptions {
  config: AwsConfig
  logger?: Logger
  /** A fixed model provider (tests); otherwise from the config (see `models.ts`). */
  models?: ModelProvider
  /** Prebuilt clients (the emulator driver shares its own); built from the config otherwise. */
  clients?: AwsClients
  /** Stands in for the EventBridge client on PutEvents (tests inject per-entry failures). */
  putEvents?: PutEventsClient
}

/**
 * The AWS composition root: DynamoDB table, S3 blobs, Secrets Manager, the EventBridge bus, the core,
 * and one SQS batch handler per consumer. Lambda entry points build it once per container;
 * the emulator driver and the tests build it the same way against moto or LocalStack.
 */
export const startAwsRuntime = async (options: AwsRuntimeOptions) => {
  const { config } = options
  const logger = options.logger ?? makeLogger({ level: config.logLevel })
  const clients = options.clients ?? makeAwsClients(config.region, config.endpoints)
  const table = makeTable(clients.dynamo.documentClient, config.tableName)
  const blobs = makeS3BlobStore({ client: clients.s3, bucket: config.bucket })
  const secrets = makeSecretsManagerStore({ client: clients.secrets, logger, ttlMs: config.secretsTtlMs })
  const models = options.models ? fixedModels(options.models) : await makeAwsModels(config, secrets)

  // Dead letters live in the consumers' DLQs, with the reason noted beside the run (ADR 0017).
  const notes = makeDeadLetterNotes(table)
  const sink = makeSqsDeadLetterSink({
    sqs: clients.sqs,
    queues: config.deadLetterQueues,
    notes,
    region: config.region,
  })

  // Sync events are handled in this process, with the embedded queue's retries; the core is bound
  // once the bus that feeds these queues exists. What they give up on goes to the consumer's DLQ.
  let bound: Core | undefined
  const core = () => {
    if (!bound) throw new Error('the core is not wired yet')
    return bound
  }
  const syncQueues = Object.fromEntries(
    CONSUMERS.map((consumer) => [
      consumer,
      new LocalQueue({
        name: `${consumer}-sync`,
        logger,
        maxReceives: config.maxReceives,
        handler: (event) => core().consume(consumer, event),
        onDeadLetter: async ({ event, reason, receives }) => {
          await sink.keep(consumer, event, reason, receives).catch((error: unknown) =>
            logger.error('could not keep a dead letter in its DLQ', {
              consumer,
              eventId: event.meta.eventId,
              runId: event.meta.runId,
              error: describeError(error),
            }),
          )
          await core().deadLettered(consumer, event, reason)
        },
      }),
    ]),
  ) as Record<Consumer, LocalQueue>

  const bus = makeEventBridgeBus({
    log: makeEventLog(table),
    client: options.putEvents ?? clients.eventBridge,
    busName: config.busName,
    blobs,
    logger,
    dispatch: (consumer, event) => syncQueues[consumer].dispatch(event),
    retry: { maxAttempts: config.putEventsMaxAttempts },
  })
  // Audits check runs against the signed heads the anchoring function publishes (ADR 0026).
  const anchors = config.anchors ? await readAwsAnchors(config.anchors, clients) : undefined
  bound = makeCore({
    blobs,
    ...(anchors ? { anchors } : {}),
    table,
    bus: config.apiRoute === 'async' ? routeRunsAs(bus, 'async') : bus,
    models: models.provider,
    checkpointer: makeDynamoCheckpointSaver({ table, blobs }),
    logger,
    syncBudgetMs: config.syncBudgetMs,
    planLimits: config.planner,
    historyTurns: config.planner.historyTurns,
    ...(config.auditSigningKey ? { auditSigningKey: config.auditSigningKey } : {}),
    approvalTimeoutMs: config.approvalTimeoutMs,
    ...loadTenantBudgets(config.tenantBudgetsFile),
    modelAttempts: config.modelAttempts,
    teamRuntime: makeAwsTeamRuntime(config, secrets, clients.s3),
    ...(config.replay
      ? { replayDelivery: startReplayDelivery({ client: clients.eventBridge, ...config.replay }) }
      : {}),
    deadLetters: makeSqsDeadLetters({ sqs: clients.sqs, queues: config.deadLetterQueues, notes }),
  })
  if (config.seedTenant) await bound.seedDefaults(config.seedTenant)

  const consumers = Object.fromEntries(
    CONSUMERS.map((consumer) => [
      consumer,
      makeSqsConsumer({
        consumer,
        consume: core().consume,
        // The reason beside the run (SQS moves the message to the DLQ without it); the run ends either way.
        deadLettered: async (c, event, reason) => {
          try {
            await sink.note(c, event, reason, config.maxReceives)
          } finally {
            await core().deadLettered(c, event, reason)
          }
        },
        blobs,
        logger,
        maxReceives: config.maxReceives,
        // A failed record comes back after seconds, doubling by receive, not the whole visibility timeout.
        retryBackoff: makeSqsRetryBackoff(clients.sqs),
      }),
    ]),
  ) as Record<Consumer, SqsBatchHandler>

  return {
    config,
    core: bound,
    bus,
    blobs,
    secrets,
    clients,
    logger,
    /** SQS batch handlers, one per consumer queue. */
    consumers,
    /** The SQS batch handler of the bus intake queue (outside producers' events, ADR 0020). */
    intake: makeIntakeConsumer({
      receive: bound.busIntake.receive,
      ...(config.intakeDeadLetterQueueUrl
        ? { deadLetter: sendToDeadLetterQueue(clients.sqs, config.intakeDeadLetterQueueUrl) }
        : {}),
      logger,
    }),
    /** Per invocation: picks up a rotated model key (cached, so usually no call). */
    prepare: () => models.refresh(),
    /** Resolves once in-process (sync) work is done. */
    idle: async () => {
      const all = Object.values(syncQueues)
      while (!all.every((q) => q.isIdle())) await Promise.all(all.map((q) => q.idle()))
    },
    close: () => {
      for (const queue of Object.values(syncQueues)) queue.stop()
      if (!options.clients) clients.destroy()
    },
  }
}

export type AwsRuntime = Awaited<ReturnType<typeof startAwsRuntime>>
