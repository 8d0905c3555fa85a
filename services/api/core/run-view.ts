import type { Envelope, Failure, Plan, StepInput, StepOutput } from '#events'
import type {
  ModelCallRecord,
  RunContents,
  RunRecord,
  RunStore,
  StepStatus,
  ToolCallRecord,
} from '#platform/store/index.ts'
import { type CallCheck, checkCalls, type MissingCall } from './call-checks.ts'

export interface RunView
  extends Pick<
    RunRecord,
    | 'runId'
    | 'status'
    | 'request'
    | 'chatId'
    | 'createdAt'
    | 'updatedAt'
    | 'output'
    | 'failure'
    | 'afterRunId'
    | 'discardedAt'
  > {
  plan?: Plan
  model?: { provider: string; model: string; offline: boolean }
  steps: {
    stepId: string
    team: string
    status: StepStatus
    inputs: StepInput[]
    output?: StepOutput
    error?: Failure
  }[]
  /**
   * Every model call of the run (planner and steps), and their totals; each says whether it is the
   * record its step or plan event committed to (`verified`), so an edited one is flagged, not served as genuine.
   */
  modelCalls: (ModelCallRecord & CallCheck)[]
  /** Every tool call of the run's steps: input, ToolResult, duration, and `verified` as above. */
  toolCalls: (ToolCallRecord & CallCheck)[]
  /** How many call records verify against the chain, and the committed ones the records no longer hold. */
  callChecks: { verified: number; unverified: number; uncommitted: number; missing: MissingCall[] }
  usage: {
    modelCalls: number
    toolCalls: number
    inputTokens: number
    outputTokens: number
    totalTokens: number
  }
  events: {
    seq: number
    name: string
    version: number
    eventId: string
    occurredAt: string
    causationId: string | null
    route: string
    /** Who caused the event. */
    actor: Envelope['meta']['actor']
    data: unknown
  }[]
}

export interface RunViewDeps {
  runs: Pick<RunStore, 'getRunContents'>
}

/**
 * A run as an API client sees it: status, plan, steps with outputs, and the ordered event log.
 * Read with one query of the run's partition (`getRunContents`), not a read per kind of item.
 */
export const getRunView = async (
  { runs }: RunViewDeps,
  tenantId: string,
  runId: string,
): Promise<RunView | undefined> => {
  const contents = await runs.getRunContents(tenantId, runId)
  return contents ? toRunView(contents) : undefined
}

/** The view of a run's contents: steps in plan order, calls by start time and checked against the log. */
export const toRunView = ({
  run,
  plan,
  steps,
  events,
  modelCalls: calls,
  toolCalls: tools,
}: RunContents): RunView => {
  const order = new Map(plan?.plan.steps.map((s, i) => [s.id, i]))
  const byStart = (a: { startedAt: string; callId: string }, b: { startedAt: string; callId: string }) =>
    a.startedAt.localeCompare(b.startedAt) || a.callId.localeCompare(b.callId)
  calls.sort(byStart)
  tools.sort(byStart)
  const ended = run.status === 'completed' || run.status === 'failed'
  const checks = checkCalls(events, calls, tools, ended)
  return {
    runId: run.runId,
    status: run.status,
    request: run.request,
    ...(run.chatId ? { chatId: run.chatId } : {}),
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    ...(run.output !== undefined ? { output: run.output } : {}),
    ...(run.failure ? { failure: run.failure } : {}),
    ...(run.afterRunId ? { afterRunId: run.afterRunId } : {}),
    ...(run.discardedAt ? { discardedAt: run.discardedAt } : {}),
    ...(plan ? { plan: plan.plan, model: plan.model } : {}),
    steps: steps
      .sort((a, b) => (order.get(a.stepId) ?? 0) - (order.get(b.stepId) ?? 0))
      .map(({ stepId, team, status, inputs, output, error }) => ({
        stepId,
        team,
        status,
        inputs,
        ...(output ? { output } : {}),
        ...(error ? { error } : {}),
      })),
    modelCalls: calls.map((c, i) => ({ ...c, ...(checks.models[i] as CallCheck) })),
    toolCalls: tools.map((c, i) => ({ ...c, ...(checks.tools[i] as CallCheck) })),
    callChecks: checks.summary,
    usage: {
      modelCalls: calls.length,
      toolCalls: tools.length,
      inputTokens: sum(calls.map((c) => c.usage.inputTokens)),
      outputTokens: sum(calls.map((c) => c.usage.outputTokens)),
      totalTokens: sum(calls.map((c) => c.usage.totalTokens)),
    },
    events: events.map(toEventView),
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

const toEventView = ({ meta, data }: Envelope) => ({
  seq: meta.seq,
  name: meta.name,
  version: meta.version,
  eventId: meta.eventId,
  occurredAt: meta.occurredAt,
  causationId: meta.causationId,
  route: meta.route,
  actor: meta.actor,
  data,
})
