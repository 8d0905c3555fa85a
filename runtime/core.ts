import type { BaseCheckpointSaver } from '@langchain/langgraph'
import type { Consumer, Envelope } from '#events'
import type { BlobStore } from '#platform/blobs/index.ts'
import { type Bus, handOverAware } from '#platform/bus/index.ts'
import type { Logger } from '#platform/log/index.ts'
import {
  type AttemptBudget,
  type ModelProvider,
  makeModelInvoker,
  withAttemptBudget,
} from '#platform/models/index.ts'
import type { DeadLetters } from '#platform/queue/index.ts'
import {
  type ChorusTable,
  type LeaseHolder,
  makeChatStore,
  makeEventLog,
  makeIdempotency,
  makeLeaseHolder,
  makeModelAttemptStore,
  makeModelCallStore,
  makePromptStore,
  makeRunApprovals,
  makeRunControl,
  makeRunList,
  makeRunResumptions,
  makeRunStore,
  makeToolCallStore,
} from '#platform/store/index.ts'
import {
  makeApi,
  makeApprovalSweep,
  makeBusIntake,
  makeChatDirectory,
  makeEventIntake,
  makeRequestIdempotency,
  makeTriggerStore,
  type TenantBudgets,
} from '#services/api/index.ts'
import {
  type AnchorLog,
  makeAnchorer,
  makeAuditor,
  makeProjectionStore,
  makeProjector,
  makeReplayer,
  makeReplayScope,
  makeUsageLedger,
  type ReplayDelivery,
  type RunSummary,
  usageLines,
} from '#services/audit/index.ts'
import {
  makePlanner,
  PLANNER_PROMPT_NAME,
  PLANNER_SYSTEM_PROMPT,
  plannerConsumer,
} from '#services/planner/index.ts'
import { makeSupervisor, supervisorConsumer } from '#services/supervisor/index.ts'
import {
  type AddressPolicy,
  type ChorusTool,
  DEMO_TEAMS,
  makeHttpToolStore,
  makeModuleLoader,
  makeTeamStore,
  makeToolCatalog,
  makeWorkers,
  type SecretReader,
  type ToolCatalog,
  workersConsumer,
} from '#services/workers/index.ts'
import { endsRun, makeDeliveryPipeline } from './delivery-pipeline.ts'

export interface CoreDeps {
  /** Where large step outputs are kept whole: files under the data directory, or S3. */
  blobs: BlobStore
  /** How this runtime re-delivers archived events, when it can: enables replays. */
  replayDelivery?: ReplayDelivery
  /** Signs exported audit bundles. */
  auditSigningKey?: string
  /** Where ended runs' heads are anchored and what checks them (ADR 0019); no anchoring without it. */
  anchors?: { log: AnchorLog; publicKey: string }
  table: ChorusTable
  bus: Bus
  models: ModelProvider
  /** The attempt budget of every model call (ADR 0014); defaults when absent. */
  modelAttempts?: Partial<AttemptBudget>
  /** The dead letters of the consumer queues, as the API shows and redrives them (ADR 0017). */
  deadLetters: DeadLetters
  checkpointer: BaseCheckpointSaver<string | number>
  logger: Logger
  syncBudgetMs: number
  /** Server-sent events of the API: log polling and heartbeat intervals (tests shorten them). */
  stream?: { pollMs?: number; heartbeatMs?: number }
  planLimits?: { maxRepairs?: number; maxSteps?: number }
  /** What teams may use: built-in tools, the secrets of HTTP tools, the web policy, the module allowlist. */
  /** The process taking leases (on the embedded runtime, of this data directory's incarnation). */
  holder?: LeaseHolder
  /** How long the supervisor holds a run before another delivery may take it over (30 s by default). */
  runLeaseMs?: number
  /** How long a run waits for a decision on its plan before it ends `approval.timedOut` (ADR 0023; 24 h). */
  approvalTimeoutMs?: number
  /** How many earlier turns of a chat reach the planner whole (ADR 0023; 6). */
  historyTurns?: number
  /** Tenants' run budget defaults and ceilings, kept as data (ADR 0031); none when left out. */
  tenantBudgets?: TenantBudgets
  teamRuntime: {
    builtins: readonly ChorusTool[]
    secrets: SecretReader
    webPolicy?: AddressPolicy
    moduleRoots: readonly string[]
  }
}

/**
 * The services wired onto the ports, independent of where they run: the local process and the
 * Lambda entry points build the same core and differ only in the adapters they pass in.
 */
export const makeCore = ({
  replayDelivery,
  auditSigningKey,
  anchors,
  blobs,
  table,
  bus: transport,
  models,
  modelAttempts,
  deadLetters,
  checkpointer,
  logger,
  syncBudgetMs,
  stream,
  planLimits,
  teamRuntime,
  holder = makeLeaseHolder(),
  runLeaseMs,
  approvalTimeoutMs,
  historyTurns,
  tenantBudgets,
}: CoreDeps) => {
  const control = makeRunControl(table)
  // A run the chat API stopped waiting for sends its later events async (ADR 0003).
  const bus = handOverAware(transport, control.isHandedOver)
  const stores = {
    log: makeEventLog(table),
    runs: makeRunStore(table),
    chats: makeChatStore(table),
    teams: makeTeamStore(table),
    prompts: makePromptStore(table),
    modelCalls: makeModelCallStore(table),
    toolCalls: makeToolCallStore(table),
    httpTools: makeHttpToolStore(table),
    projections: makeProjectionStore<RunSummary>(table),
    usage: makeUsageLedger(table),
  }
  const { runs, teams, prompts, modelCalls } = stores
  const attempts = makeModelAttemptStore(table)
  const resumptions = makeRunResumptions(table)
  const approvals = makeRunApprovals(table)
  const invoke = withAttemptBudget(makeModelInvoker({ models, calls: modelCalls }), {
    models,
    attempts,
    ...(modelAttempts ? { budget: modelAttempts } : {}),
  })
  const tools = makeToolCatalog({
    builtins: teamRuntime.builtins,
    httpTools: stores.httpTools,
    secrets: teamRuntime.secrets,
    ...(teamRuntime.webPolicy ? { policy: teamRuntime.webPolicy } : {}),
  })
  const modules = makeModuleLoader({ roots: teamRuntime.moduleRoots })
  const idempotency = makeIdempotency(table, { holder })
  const supervisor = makeSupervisor({
    bus,
    runs,
    checkpointer,
    logger,
    holder,
    resumptions,
    ...(runLeaseMs ? { leaseMs: runLeaseMs } : {}),
    approvals,
    ...(approvalTimeoutMs !== undefined ? { approvalTimeoutMs } : {}),
    // Budgets are folded from the run's log before each dispatch (ADR 0031).
    log: stores.log,
  })
  /** Conditional and idempotent: a name that exists, or was deleted on purpose, is left alone. */
  const seedDefaults = async (tenantId: string) => {
    await prompts.seed(tenantId, PLANNER_PROMPT_NAME, { text: PLANNER_SYSTEM_PROMPT })
    const created = await Promise.all(DEMO_TEAMS.map((team) => teams.seed(tenantId, team.name, team)))
    return DEMO_TEAMS.filter((_, i) => created[i]).map((t) => t.name)
  }
  const projector = makeProjector({ projections: stores.projections, log: stores.log, logger })
  const replayScope = makeReplayScope(stores.projections)
  const auditor = makeAuditor(stores)
  // Where another function signs (AWS: the anchoring function, ADR 0026), this core only reads anchors.
  const anchorer = anchors?.log.signs
    ? makeAnchorer({ log: anchors.log, readHead: auditor.head, logger })
    : undefined
  const supervise = supervisorConsumer(supervisor)
  const work = workersConsumer(
    makeWorkers({
      bus,
      runs,
      teams,
      logger,
      blobs,
      invoke,
      prompts,
      tools,
      toolCalls: stores.toolCalls,
      modelCalls,
      modules,
      control,
      holder,
    }),
  )
  const consumers: Record<Consumer, (event: Envelope) => Promise<void>> = {
    planner: plannerConsumer(
      makePlanner({
        bus,
        runs,
        teams,
        prompts,
        invoke,
        logger,
        modelCalls,
        limits: planLimits,
        // A tenant's first run seeds its default teams (a fresh stage answers its first chat).
        seedDefaults,
        // A chat's earlier turns reach the planner; tools marked requiresApproval make a plan wait.
        chats: stores.chats,
        ...(historyTurns !== undefined ? { window: { turns: historyTurns } } : {}),
        tools,
      }),
    ),
    supervisor: supervise,
    workers: work,
    // Live events reach the projector only when they end a run (see `consume`): the run's head is
    // anchored before the delivery is done (retried if it fails).
    projector: async (event) => {
      await anchorer?.onEvent(event)
      // A chat's queued message starts when the run before it ends (double-texting, ADR 0029).
      if (!event.meta.replay && endsRun(event)) await startQueued(event.meta.tenantId, event.meta.runId)
      // What the run's steps used goes into the tenant's usage ledger (ADR 0031): one line per day and team.
      if (!event.meta.replay && endsRun(event)) await recordUsage(event.meta.tenantId, event.meta.runId)
    },
  }
  /** Writes an ended run's usage ledger lines, folded from its log (the same lines each time). */
  async function recordUsage(tenantId: string, runId: string) {
    await stores.usage.record(tenantId, usageLines(await stores.log.list(tenantId, runId)))
  }
  /** Releases and publishes the queued run that waits for `runId` (conditional: at most once). */
  async function startQueued(tenantId: string, runId: string) {
    const ended = await runs.getRun(tenantId, runId)
    if (!ended?.nextRunId) return
    const start = await runs.releaseQueued({ tenantId, runId: ended.nextRunId })
    if (start) await bus.publish(start)
  }
  const replayer = replayDelivery
    ? makeReplayer({ log: stores.log, deliver: replayDelivery, projections: stores.projections })
    : undefined

  return {
    stores,
    tools: tools as ToolCatalog,
    /** One delivery of an event to a consumer, and a delivery its queue gave up on (`delivery-pipeline.ts`). */
    ...makeDeliveryPipeline({
      logger,
      idempotency,
      consumers,
      supervise,
      work,
      project: projector.onEvent,
      replayCovers: replayScope.covers,
      failRun: supervisor.onDeadLetter,
    }),
    /**
     * Re-publishes the start event of every run created before `before` that is still `requested`
     * (a crash between creating the run and publishing it). Safe to repeat: the log appends an event
     * id once and consumers handle it once. Returns how many runs it re-published.
     */
    recoverRunStarts: async (before: string): Promise<number> => {
      // A queued run whose predecessor ended (or never came to be) while its start was lost.
      for (const queued of await runs.queuedRuns()) {
        const prior = await runs.getRun(queued.tenantId, queued.afterRunId)
        if (prior && prior.status !== 'completed' && prior.status !== 'failed') continue
        const start = await runs.releaseQueued(queued)
        if (start) await bus.publish(start)
      }
      const drafts = await runs.unstartedRuns(before)
      for (const draft of drafts) await bus.publish(draft)
      if (drafts.length > 0)
        logger.info('re-published the start of runs a crash had kept from the bus', { runs: drafts.length })
      return drafts.length
    },
    /**
     * Ends every wait for approval that ran out before `now` (ISO): records the decision `timeout` and
     * publishes it, so the supervisor ends the run (ADR 0023). One scan, on a schedule (the AWS
     * sweeper, a timer of the embedded runtime); returns how many runs it handled.
     */
    expireApprovals: makeApprovalSweep({ approvals, bus }),
    /** Seeds the default prompts and the demo teams of a tenant; returns the team names it created. */
    seedDefaults,
    /** Events outside producers put on the bus, through the `POST /events` intake (ADR 0020). */
    busIntake: makeBusIntake({
      intake: makeEventIntake({
        bus,
        runs,
        triggers: makeTriggerStore(table),
        logger,
        ...(tenantBudgets ? { budgets: tenantBudgets } : {}),
      }),
      triggers: makeTriggerStore(table),
      logger,
    }),
    /** One handler per HTTP API operation (`API_OPERATIONS`). */
    handlers: makeApi({
      bus,
      logger,
      stores: {
        ...stores,
        triggers: makeTriggerStore(table),
        directory: makeChatDirectory(table),
        runList: makeRunList(table),
        control,
        requests: makeRequestIdempotency(table, { leaseMs: syncBudgetMs + 30_000, holder }),
        resumptions,
        attempts,
        approvals,
      },
      deadLetters,
      blobs,
      tools,
      modules,
      syncBudgetMs,
      maxPlanSteps: planLimits?.maxSteps,
      ...(tenantBudgets ? { budgets: tenantBudgets } : {}),
      ...(stream ? { stream } : {}),
      audit: {
        auditor,
        ...(replayer ? { replayer } : {}),
        ...(auditSigningKey ? { signingKey: auditSigningKey } : {}),
        ...(anchors ? { anchors } : {}),
      },
    }),
    replayer,
  }
}

export type Core = ReturnType<typeof makeCore>
