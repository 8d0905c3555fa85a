import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { BaseCheckpointSaver } from '@langchain/langgraph'
import { CONSUMERS, type Consumer } from '#events'
import { makeFileBlobStore } from '#platform/blobs/index.ts'
import { type Bus, makeLocalBus } from '#platform/bus/index.ts'
import { type Logger, makeLogger } from '#platform/log/index.ts'
import type { ModelProvider } from '#platform/models/index.ts'
import { LocalQueue, makeEmbeddedDeadLetters, type QueueStore } from '#platform/queue/index.ts'
import { openEmbeddedStore } from '#platform/store/embedded/engine.ts'
import {
  type ChorusTable,
  ensureTable,
  makeDynamoClients,
  makeEventLog,
  makeLeaseHolder,
  makeTable,
} from '#platform/store/index.ts'
import { API_OPERATIONS } from '#services/api/index.ts'
import { redeliverTo } from '#services/audit/index.ts'
import { type Core, makeCore } from '../core.ts'
import { deliveryHasWork } from '../delivery-pipeline.ts'
import { makeModelProvider } from '../model-provider.ts'
import { makeTeamRuntime } from '../team-runtime.ts'
import { loadTenantBudgets } from '../tenant-budgets.ts'
import { loadLocalAnchors } from './anchors.ts'
import { apiReferenceRoutes } from './api-reference.ts'
import type { Config } from './config.ts'
import { consoleAssetRoutes, defaultConsoleDir } from './console-assets.ts'
import { consoleSessionRoute } from './console-session.ts'
import { claimDataDir } from './data-dir.ts'
import { startLocalServer } from './http-server.ts'
import { makeLocalAuth } from './local-auth.ts'

export interface StartOptions {
  config: Config
  logger?: Logger
  models?: ModelProvider
  /** The checkpoint saver of run graphs, built on the table. */
  checkpointer: (table: ChorusTable) => BaseCheckpointSaver<string | number>
  /** Keep the embedded DynamoDB in memory instead of under the data directory (tests). */
  inMemory?: boolean
  /** Where the console's built files are; default `dist/console` of the repository. */
  consoleDir?: string
}

/**
 * The embedded runtime: the DynamoDB API answered in process (SQLite engine), in-process bus and per-consumer queues, the
 * services, and the HTTP API, in one process. Returns handles to observe and stop it.
 */
export const startChorus = async (options: StartOptions) => {
  // First: one process per data directory (its lock is the durable queue store).
  const dataDir = claimDataDir(options.config.dataDir)
  try {
    return await startOn(dataDir, options)
  } catch (error) {
    dataDir.release()
    throw error
  }
}

const startOn = async (dataDir: ReturnType<typeof claimDataDir>, options: StartOptions) => {
  const { config } = options
  const logger = options.logger ?? makeLogger({ level: config.logLevel })
  const models = options.models ?? makeModelProvider(config)
  // The embedded DynamoDB engine (SQLite, in process; ADR 0025). Its file is held like the queue file.
  const store = openEmbeddedStore({
    path: options.inMemory ? ':memory:' : join(config.dataDir, 'store.sqlite'),
  })
  if (!options.inMemory && existsSync(join(config.dataDir, 'dynamodb')))
    logger.warn('the data of the former embedded store (dynalite, <dataDir>/dynamodb) is no longer read', {
      dataDir: config.dataDir,
    })
  const { client, documentClient } = makeDynamoClients({ embedded: store })
  await ensureTable(client, config.tableName)
  const table = makeTable(documentClient, config.tableName)

  // Queues deliver to the core, and the core publishes through the bus that feeds the queues:
  // the core is bound once all three exist.
  let core: Core | undefined
  const queues = Object.fromEntries(
    CONSUMERS.map((consumer) => [consumer, makeQueue(consumer, config, logger, dataDir.queues, () => core)]),
  ) as Record<Consumer, LocalQueue>
  const holder = makeLeaseHolder(dataDir.incarnation)
  // A live event reaches the projector's queue only when the projector has work for it (a run's end).
  const bus: Bus = makeLocalBus({ log: makeEventLog(table), queues, logger, hasWork: deliveryHasWork })
  core = makeCore({
    blobs: makeFileBlobStore({ root: join(config.dataDir, 'blobs') }),
    replayDelivery: redeliverTo((consumer, event) => queues[consumer].send(event)),
    deadLetters: makeEmbeddedDeadLetters({ store: dataDir.queues, queues }),
    ...(config.auditSigningKey ? { auditSigningKey: config.auditSigningKey } : {}),
    anchors: await loadLocalAnchors(config.auditKeyDir),
    table,
    bus,
    models,
    checkpointer: options.checkpointer(table),
    logger,
    syncBudgetMs: config.syncBudgetMs,
    planLimits: config.planner,
    modelAttempts: config.models.attempts,
    teamRuntime: makeTeamRuntime(config, logger),
    holder,
    runLeaseMs: config.runLeaseMs,
    approvalTimeoutMs: config.approval.timeoutMs,
    historyTurns: config.planner.historyTurns,
    ...loadTenantBudgets(config.tenantBudgetsFile),
  })
  const seededTeams = await core.seedDefaults(config.tenantId)
  resumeDeliveries(queues, logger)
  await core.recoverRunStarts(new Date().toISOString())
  // Waits for approval that ran out end the run (ADR 0023): one timer for the process, one scan a
  // sweep, whatever the number of waiting runs (which hold nothing while they wait).
  const expireApprovals = () => (core as Core).expireApprovals(new Date().toISOString())
  const approvalSweep = setInterval(() => {
    expireApprovals().catch((error: unknown) =>
      logger.error('approval sweep failed', { error: String(error) }),
    )
  }, config.approval.sweepMs)
  approvalSweep.unref()

  const auth = await makeLocalAuth({ config, table })
  const signIn = config.consoleSignIn
  let serverUrl = ''
  const server = await startLocalServer(config.host, config.port, {
    logger,
    authorize: auth.authorize,
    timeouts: config.http.timeouts,
    routes: [
      ...API_OPERATIONS.map((op) => ({
        method: op.method,
        path: op.path,
        handler: core.handlers[op.operationId],
        ...('public' in op ? { public: op.public } : {}),
      })),
      ...apiReferenceRoutes(),
      consoleSessionRoute({
        tenantId: config.tenantId,
        apiKey: auth.dev.credentials.apiKey,
        mintToken: auth.dev.mintToken,
        host: config.host,
        ...(config.auth.issuer ? { issuer: config.auth.issuer } : {}),
      }),
      ...consoleAssetRoutes({
        dir: options.consoleDir ?? defaultConsoleDir(),
        ...(signIn
          ? {
              signIn: {
                authority: signIn.authority,
                clientId: signIn.clientId,
                redirectUri: () => signIn.redirectUri ?? `${serverUrl}/console/`,
              },
            }
          : {}),
      }),
    ],
  })
  serverUrl = server.url
  dataDir.announce(server.url)

  return {
    url: server.url,
    offline: models.offline,
    modelLabel: models.label,
    seededTeams,
    /** The dev credentials (token, API key) and a way to mint others (tests). */
    auth: { ...auth.dev, issueApiKey: auth.issueApiKey },
    stores: core.stores,
    /** Replays of the archive (the table's event log) through the queues. */
    replayer: core.replayer as NonNullable<Core['replayer']>,
    /** Hands one event to one consumer as a queue delivery does (fault drills deliver out of band). */
    consume: core.consume,
    /** Ends the waits for approval that ran out now, as the timer does (tests call it at once). */
    expireApprovals,
    /** What a queue calls when it gives up on an event (fault drills). */
    deadLettered: core.deadLettered,
    /** Where the queues keep their messages and dead letters (tests leave letters here). */
    queueStore: dataDir.queues,
    /** The single table, for tests and tools that inspect stored items. */
    table,
    /** The DynamoDB client every store uses (tests count its requests). */
    storeClient: client,
    bus,
    queues,
    /** Resolves once every queue is idle at the same time (work in one queue feeds the others). */
    idle: async () => {
      const all = Object.values(queues)
      while (!all.every((q) => q.isIdle())) await Promise.all(all.map((q) => q.idle()))
    },
    close: async () => {
      clearInterval(approvalSweep)
      await server.close()
      for (const queue of Object.values(queues)) queue.stop()
      // Deliveries already running finish against an open store; nothing new starts.
      await Promise.race([
        Promise.all(Object.values(queues).map((queue) => queue.settled())),
        new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
      ])
      client.destroy()
      store.close()
      dataDir.release()
    },
  }
}

/** Delivers what a previous process left queued, in flight or waiting for a retry. */
const resumeDeliveries = (queues: Record<Consumer, LocalQueue>, logger: Logger) => {
  const recovered = Object.fromEntries(CONSUMERS.map((c) => [c, queues[c].recoveredCount]))
  if (Object.values(recovered).some((n) => n > 0))
    logger.info('resuming deliveries left unfinished by the previous process', recovered)
  for (const queue of Object.values(queues)) queue.resume()
}

const makeQueue = (
  consumer: Consumer,
  config: Config,
  logger: Logger,
  store: QueueStore,
  core: () => Core | undefined,
) =>
  new LocalQueue({
    name: consumer,
    logger,
    store,
    maxReceives: config.queue.maxReceives,
    backoffMs: config.queue.backoffMs,
    visibilityTimeoutMs: config.queue.visibilityTimeoutMs,
    handler: async (event) => {
      const bound = core()
      if (!bound) throw new Error('the core is not wired yet')
      await bound.consume(consumer, event)
    },
    onDeadLetter: async ({ event, reason }) => core()?.deadLettered(consumer, event, reason),
  })

export type Chorus = Awaited<ReturnType<typeof startOn>>
