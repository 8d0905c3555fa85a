import { join } from 'node:path'
import type { BaseCheckpointSaver } from '@langchain/langgraph'
import { CONSUMERS, type Consumer, describeFailure, type Envelope } from '#events'
import { makeLocalBus } from '#platform/bus/index.ts'
import type { Config } from '#platform/config/index.ts'
import { type Logger, makeLogger } from '#platform/log/index.ts'
import { type ModelProvider, makeOfflineProvider } from '#platform/models/index.ts'
import { LocalQueue } from '#platform/queue/index.ts'
import {
  type ChorusTable,
  ensureTable,
  makeChatStore,
  makeDynamoClients,
  makeEventLog,
  makeIdempotency,
  makeRunStore,
  makeTable,
  makeTeamStore,
  startEmbeddedDynamo,
} from '#platform/store/index.ts'
import { DEMO_TEAMS } from '#platform/teams/index.ts'
import { makeChatService, makeGetRunHandler, makePostMessageHandler } from '#services/api/index.ts'
import { makePlanner, plannerConsumer } from '#services/planner/index.ts'
import { makeSupervisor, type Supervisor, supervisorConsumer } from '#services/supervisor/index.ts'
import { makeWorkers, workersConsumer } from '#services/workers/index.ts'
import { healthHandler } from './health.ts'
import { startLocalServer } from './http-server.ts'

export interface StartOptions {
  config: Config
  logger?: Logger
  models?: ModelProvider
  /** The checkpoint saver of run graphs, built on the table. */
  checkpointer: (table: ChorusTable) => BaseCheckpointSaver<string | number>
  /** Keep the embedded DynamoDB in memory instead of under the data directory (tests). */
  inMemory?: boolean
}

/**
 * The embedded runtime, wired in one place: DynamoDB API (dynalite), event log, in-process bus
 * and queues, the four services, and the HTTP API. Returns handles for the caller to stop it.
 */
export const startChorus = async (options: StartOptions) => {
  const { config } = options
  const logger = options.logger ?? makeLogger({ level: config.logLevel })
  const models = options.models ?? makeOfflineProvider()

  const dynamo = await startEmbeddedDynamo(options.inMemory ? {} : { path: join(config.dataDir, 'dynamodb') })
  const { client, documentClient } = makeDynamoClients({ endpoint: dynamo.endpoint })
  await ensureTable(client, config.tableName)
  const table = makeTable(documentClient, config.tableName)

  const log = makeEventLog(table)
  const runs = makeRunStore(table)
  const chats = makeChatStore(table)
  const teams = makeTeamStore(table)
  const idempotency = makeIdempotency(table)
  const seeded = await Promise.all(DEMO_TEAMS.map((team) => teams.seed(config.tenantId, team)))

  // Queues and the bus need each other: handlers publish, the bus delivers to queues.
  const consumers: Partial<Record<Consumer, (event: Envelope) => Promise<void>>> = {}
  let supervisor: Supervisor | undefined
  const queues = Object.fromEntries(
    CONSUMERS.map((consumer) => [
      consumer,
      new LocalQueue({
        name: consumer,
        logger,
        maxReceives: config.queue.maxReceives,
        backoffMs: config.queue.backoffMs,
        handler: async (event) => {
          const handle = consumers[consumer]
          if (!handle) throw new Error(`no consumer wired for ${consumer}`)
          await idempotency.once(
            { tenantId: event.meta.tenantId, consumer, eventId: event.meta.eventId },
            () => handle(event),
          )
        },
        onDeadLetter: async ({ event, reason }) =>
          supervisor?.onDeadLetter(event, consumer, describeFailure(reason)),
      }),
    ]),
  ) as Record<Consumer, LocalQueue>
  const bus = makeLocalBus({ log, queues, logger })

  supervisor = makeSupervisor({ bus, runs, checkpointer: options.checkpointer(table), logger })
  consumers.planner = plannerConsumer(makePlanner({ bus, runs, teams, models, logger }))
  consumers.supervisor = supervisorConsumer(supervisor)
  consumers.workers = workersConsumer(makeWorkers({ bus, runs, teams, models, logger }))

  const chat = makeChatService({ bus, runs, chats, log, syncBudgetMs: config.syncBudgetMs })
  const server = await startLocalServer(config.host, config.port, {
    logger,
    authorize: () => ({ tenantId: config.tenantId, principalId: 'local-dev' }),
    routes: [
      { method: 'GET', path: '/health', handler: healthHandler },
      { method: 'POST', path: '/chats/{chatId}/messages', handler: makePostMessageHandler({ chat, logger }) },
      { method: 'GET', path: '/runs/{runId}', handler: makeGetRunHandler({ runs, log, logger }) },
    ],
  })

  return {
    url: server.url,
    offline: models.offline,
    seededTeams: DEMO_TEAMS.filter((_, i) => seeded[i]).map((t) => t.name),
    stores: { runs, log, chats, teams },
    bus,
    queues,
    /** Resolves once every queue is idle at the same time (work in one queue feeds the others). */
    idle: async () => {
      const all = Object.values(queues)
      while (!all.every((q) => q.isIdle())) await Promise.all(all.map((q) => q.idle()))
    },
    close: async () => {
      await server.close()
      for (const queue of Object.values(queues)) queue.stop()
      client.destroy()
      await dynamo.close()
    },
  }
}

export type Chorus = Awaited<ReturnType<typeof startChorus>>
