import type { BlobStore } from '#platform/blobs/index.ts'
import type { Bus } from '#platform/bus/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { DeadLetters } from '#platform/queue/index.ts'
import type {
  ChatStore,
  EventLog,
  ModelAttemptStore,
  ModelCallStore,
  PromptStore,
  RunApprovals,
  RunControl,
  RunList,
  RunResumptions,
  RunStore,
  ToolCallStore,
} from '#platform/store/index.ts'
import type { UsageLedger } from '#services/audit/index.ts'
import type { TeamStore, ToolCatalog } from '#services/workers/index.ts'
import { makeApprovals } from './core/approvals.ts'
import type { TenantBudgets } from './core/budgets.ts'
import { makeChatService } from './core/chat-service.ts'
import { makeChats } from './core/chats.ts'
import { makeDeadLetterService } from './core/dead-letters.ts'
import { makeEventIntake } from './core/event-intake.ts'
import { makeRuns } from './core/runs.ts'
import { makeTeams, type TeamModules } from './core/teams.ts'
import { makeTriggers } from './core/triggers.ts'
import { makeUsage } from './core/usage.ts'
import { makeApprovalHandler } from './handlers/approval.ts'
import { type AuditHandlerDeps, makeAuditHandlers } from './handlers/audit.ts'
import { makeChatHandlers } from './handlers/chats.ts'
import { makeDeadLetterHandlers } from './handlers/dead-letters.ts'
import { makeDefinitionHandlers } from './handlers/definitions.ts'
import { makeEventHandlers } from './handlers/events.ts'
import { makeGetRunHandler } from './handlers/get-run.ts'
import { makeHealthHandler } from './handlers/health.ts'
import { makeOpenApiHandler } from './handlers/openapi.ts'
import { makePostMessageHandler } from './handlers/post-message.ts'
import { makeGetPromptHandler, makeListPromptsHandler, makePutPromptHandler } from './handlers/prompts.ts'
import { makeResetTeamsHandler } from './handlers/reset-teams.ts'
import { makeRunEventsHandler } from './handlers/run-events.ts'
import { makeRunHandlers } from './handlers/runs.ts'
import { makeStepOutputHandler } from './handlers/step-output.ts'
import { makeListToolsHandler } from './handlers/tools.ts'
import { makeUsageHandler } from './handlers/usage.ts'
import type { ApiHandler, JsonHandler } from './http/endpoint.ts'
import { createTeam, deleteTeam, getTeam, listTeams, putTeam } from './operations/teams.ts'
import { createTrigger, deleteTrigger, getTrigger, listTriggers, putTrigger } from './operations/triggers.ts'
import type { OperationId } from './routes.ts'
import type { ChatDirectory } from './store/chat-directory.ts'
import type { RequestIdempotency } from './store/request-idempotency.ts'
import type { TriggerStore } from './triggers/index.ts'

/** Everything the HTTP API reads and writes, built by the composition root. */
export interface ApiDeps {
  bus: Bus
  logger: Logger
  stores: {
    runs: RunStore
    chats: ChatStore
    log: EventLog
    modelCalls: ModelCallStore
    toolCalls: ToolCallStore
    teams: TeamStore
    prompts: PromptStore
    triggers: TriggerStore
    directory: ChatDirectory
    runList: RunList
    control: RunControl
    requests: RequestIdempotency
    /** A redrive resumes the run its dead letter failed, with fresh model budgets (ADR 0017). */
    resumptions: Pick<RunResumptions, 'resume'>
    attempts: Pick<ModelAttemptStore, 'clearRun'>
    /** Decisions on runs that wait for approval (ADR 0023). */
    approvals: Pick<RunApprovals, 'decide'>
    /** Each tenant's usage of ended runs, by day (ADR 0031). */
    usage: Pick<UsageLedger, 'lines'>
  }
  /** Tenants' budget defaults and ceilings (ADR 0031); the shipped file (none) when left out. */
  budgets?: TenantBudgets
  /** Where large step outputs are kept whole (`GET /runs/{runId}/output` reads them). */
  blobs: Pick<BlobStore, 'get'>
  /** The dead letters of the consumer queues, per tenant. */
  deadLetters: DeadLetters
  tools: ToolCatalog
  /** The custom team modules this deployment may load: a team is refused on write when its module is not. */
  modules: TeamModules
  /** How long a chat message waits for its answer before 202 (API Gateway allows 29 s). */
  syncBudgetMs: number
  /** How long a cancel waits for the run to end before 202. */
  cancelWaitMs?: number
  /** The planner's step limit, which an edited plan is held to when it is approved. */
  maxPlanSteps?: number | undefined
  /** Server-sent events: how often to read the log without a nudge, and the heartbeat interval. */
  stream?: { pollMs?: number; heartbeatMs?: number }
  /** Audits and replays (a replayer only where the runtime can re-deliver events itself). */
  audit: Omit<AuditHandlerDeps, 'logger'>
}

/** One handler per operation of `API_OPERATIONS`, shared by the local server and the Lambda entry points. */
export const makeApi = ({
  bus,
  logger,
  stores,
  tools,
  modules,
  syncBudgetMs,
  cancelWaitMs = 5000,
  stream = {},
  audit,
  deadLetters,
  maxPlanSteps,
  blobs,
  budgets,
}: ApiDeps) => {
  const { runs, chats, log, teams, prompts, triggers, directory, runList, control, requests } = stores
  const chat = makeChatService({
    bus,
    runs,
    chats,
    directory,
    control,
    syncBudgetMs,
    ...(budgets ? { budgets } : {}),
  })
  const chatHandlers = makeChatHandlers({ chats: makeChats({ directory, chats, runs }), logger })
  const runHandlers = makeRunHandlers({
    runs: makeRuns({ runs, list: runList, control, bus, cancelWaitMs }),
    logger,
  })
  const teamService = makeTeams({ teams, prompts, tools, modules })
  const team = makeDefinitionHandlers({
    service: teamService,
    plural: 'teams',
    operations: { list: listTeams, get: getTeam, create: createTeam, put: putTeam, remove: deleteTeam },
    logger,
  })
  const trigger = makeDefinitionHandlers({
    service: makeTriggers({ triggers }),
    plural: 'triggers',
    operations: {
      list: listTriggers,
      get: getTrigger,
      create: createTrigger,
      put: putTrigger,
      remove: deleteTrigger,
    },
    logger,
  })
  const events = makeEventHandlers({
    intake: makeEventIntake({ bus, runs, triggers, logger, ...(budgets ? { budgets } : {}) }),
    requests,
    logger,
  })

  const handlers: ApiHandlers = {
    ...makeUsageHandler({ usage: makeUsage({ ledger: stores.usage }), logger }),
    health: makeHealthHandler({ logger }),
    getOpenApi: makeOpenApiHandler({ logger }),
    ...chatHandlers,
    postMessage: makePostMessageHandler({ chat, requests, logger }),
    ...runHandlers,
    decideApproval: makeApprovalHandler({
      approvals: makeApprovals({ runs, approvals: stores.approvals, teams, bus, maxPlanSteps }),
      logger,
    }),
    getRun: makeGetRunHandler({ runs, logger }),
    getStepOutput: makeStepOutputHandler({ runs, blobs, logger }),
    streamRunEvents: makeRunEventsHandler({ runs, log, bus, logger, ...stream }),
    listTeams: team.list,
    createTeam: team.create,
    getTeam: team.get,
    putTeam: team.put,
    deleteTeam: team.remove,
    resetTeams: makeResetTeamsHandler({ teams: teamService, logger }),
    listTools: makeListToolsHandler({ tools, logger }),
    listTriggers: trigger.list,
    createTrigger: trigger.create,
    getTrigger: trigger.get,
    putTrigger: trigger.put,
    deleteTrigger: trigger.remove,
    ...events,
    listPrompts: makeListPromptsHandler({ prompts, logger }),
    getPrompt: makeGetPromptHandler({ prompts, logger }),
    putPrompt: makePutPromptHandler({ prompts, logger }),
    ...makeAuditHandlers({ ...audit, logger }),
    ...makeDeadLetterHandlers({
      service: makeDeadLetterService({
        deadLetters,
        runs,
        log,
        resumptions: stores.resumptions,
        attempts: stores.attempts,
        bus,
      }),
      logger,
    }),
  }
  return handlers
}

/** The handlers by operation id: JSON answers everywhere, a stream from `streamRunEvents`. */
export type ApiHandlers = Record<Exclude<OperationId, 'streamRunEvents'>, JsonHandler> & {
  streamRunEvents: ApiHandler
}
