import {
  ApprovalDecided,
  ApprovalRequested,
  type Budget,
  BudgetExceeded,
  type BudgetLimit,
  describeApprovalReason,
  type Envelope,
  PlanCreated,
  RunCompleted,
  RunFailed,
  RunRequested,
  StepAborted,
  StepCompleted,
  StepFailed,
} from '#events'
import type { ModelCallRecord, ToolCallRecord } from '#platform/store/index.ts'
import type { RunAnchor } from './anchor-log.ts'
import type { AnchorVerdict } from './verify-anchor.ts'
import type { NamedRecord } from './verify-calls.ts'
import type { ChainVerdict } from './verify-chain.ts'

/**
 * `match`: a finished run whose log, records and end agree and re-derive; `in_progress`: nothing
 * wrong in the log so far (seq = its last event), but the run has not ended, so nothing is proven
 * about its end; `diverged`: the first problem, at its seq, naming the call record when one is at fault.
 */
export type AuditVerdict =
  | { verdict: 'match' }
  | { verdict: 'in_progress'; seq: number }
  | { verdict: 'diverged'; seq: number; difference: string; record?: NamedRecord }

export interface AuditReport {
  tenantId: string
  runId: string
  verdict: AuditVerdict
  chain: ChainVerdict
  request?: { text: string; at: string; by: { kind: string; id: string; sourceIp?: string } }
  plan?: { goal: string; steps: { id: string; team: string; dependsOn: string[] }[]; model: string }
  /** The plan waited for a person (ADR 0023): why, until when, and who decided what, when. */
  approval?: {
    reasons: string[]
    requestedAt: string
    expiresAt: string
    decision?: {
      decision: 'approve' | 'reject' | 'timeout'
      by: { kind: string; id: string; sourceIp?: string }
      at: string
      reason?: string
      edited: boolean
    }
  }
  /** The run's budget (ADR 0031) and, when a limit stopped it, which one, with the usage then. */
  budget?: {
    limits: Budget
    stop?: { limit: BudgetLimit; max: number; at: string; stepId?: string; usage: Record<string, number> }
  }
  steps: {
    stepId: string
    outcome: 'completed' | 'failed' | 'aborted' | 'pending'
    output?: string
    error?: string
    modelCalls: { model: string; tokens: number; latencyMs: number; promptVersion?: number }[]
    toolCalls: { tool: string; ok: boolean; durationMs: number }[]
  }[]
  planner: { modelCalls: number; tokens: number }
  usage: { modelCalls: number; toolCalls: number; inputTokens: number; outputTokens: number }
  outcome?: { status: 'completed' | 'failed'; output?: string; reason?: string }
  events: number
  /** The check against the signed anchor head, when one was asked for. */
  anchor?: AnchorVerdict
  /** What the anchor check used (the run's leaf, its inclusion proof, the signed head): checkable with the public key alone. */
  anchorProof?: RunAnchor
}

/** What an auditor reads: who asked what, from where, the plan, each step with its model and tool calls. */
export const buildReport = (input: {
  tenantId: string
  runId: string
  verdict: AuditVerdict
  chain: ChainVerdict
  events: readonly Envelope[]
  modelCalls: readonly ModelCallRecord[]
  toolCalls: readonly ToolCallRecord[]
}): AuditReport => {
  const { events, modelCalls, toolCalls } = input
  const requested = events.find((e) => RunRequested.is(e))
  const planned = events.find((e) => PlanCreated.is(e))
  const outcomes = new Map<
    string,
    { outcome: 'completed' | 'failed' | 'aborted'; output?: string; error?: string }
  >()
  for (const e of events) {
    if (StepCompleted.is(e)) outcomes.set(e.data.stepId, { outcome: 'completed', output: e.data.output.text })
    if (StepFailed.is(e))
      outcomes.set(e.data.stepId, {
        outcome: 'failed',
        error: `${e.data.error.code}: ${e.data.error.message}`,
      })
    if (StepAborted.is(e))
      outcomes.set(e.data.stepId, {
        outcome: 'aborted',
        error: `${e.data.reason.code}: ${e.data.reason.message}`,
      })
  }
  const plannerCalls = modelCalls.filter((c) => c.stepId.startsWith('@'))
  const end = events.find((e) => RunCompleted.is(e) || RunFailed.is(e))
  return {
    tenantId: input.tenantId,
    runId: input.runId,
    verdict: input.verdict,
    chain: input.chain,
    ...(requested && RunRequested.is(requested)
      ? { request: { text: requested.data.request, at: requested.meta.occurredAt, by: requested.meta.actor } }
      : {}),
    ...(planned && PlanCreated.is(planned)
      ? {
          plan: {
            goal: planned.data.plan.goal,
            steps: planned.data.plan.steps.map(({ id, team, dependsOn }) => ({ id, team, dependsOn })),
            model: `${planned.data.model.provider}/${planned.data.model.model}`,
          },
        }
      : {}),
    ...approvalOf(events),
    ...budgetOf(requested, events),
    steps: (planned && PlanCreated.is(planned) ? planned.data.plan.steps : []).map((step) => ({
      stepId: step.id,
      ...(outcomes.get(step.id) ?? { outcome: 'pending' as const }),
      modelCalls: modelCalls
        .filter((c) => c.stepId === step.id)
        .map((c) => ({
          model: `${c.provider}/${c.model}`,
          tokens: c.usage.totalTokens,
          latencyMs: c.latencyMs,
          ...(c.prompt ? { promptVersion: c.prompt.version } : {}),
        })),
      toolCalls: toolCalls
        .filter((c) => c.stepId === step.id)
        .map((c) => ({ tool: c.tool, ok: c.result.ok, durationMs: c.durationMs })),
    })),
    planner: {
      modelCalls: plannerCalls.length,
      tokens: plannerCalls.reduce((s, c) => s + c.usage.totalTokens, 0),
    },
    usage: {
      modelCalls: modelCalls.length,
      toolCalls: toolCalls.length,
      inputTokens: modelCalls.reduce((s, c) => s + c.usage.inputTokens, 0),
      outputTokens: modelCalls.reduce((s, c) => s + c.usage.outputTokens, 0),
    },
    ...(end && RunCompleted.is(end)
      ? { outcome: { status: 'completed' as const, output: end.data.output } }
      : {}),
    ...(end && RunFailed.is(end)
      ? {
          outcome: {
            status: 'failed' as const,
            reason: `${end.data.reason.code}: ${end.data.reason.message}`,
          },
        }
      : {}),
    events: events.length,
  }
}

/** The run's budget as its RunRequested states it, and the BudgetExceeded that stopped it, if any. */
const budgetOf = (
  requested: Envelope | undefined,
  events: readonly Envelope[],
): Pick<AuditReport, 'budget'> => {
  if (!requested || !RunRequested.is(requested) || !requested.data.budget) return {}
  const stop = events.find((e) => BudgetExceeded.is(e))
  return {
    budget: {
      limits: requested.data.budget,
      ...(stop && BudgetExceeded.is(stop)
        ? {
            stop: {
              limit: stop.data.limit,
              max: stop.data.max,
              at: stop.meta.occurredAt,
              ...(stop.data.stepId ? { stepId: stop.data.stepId } : {}),
              usage: stop.data.usage,
            },
          }
        : {}),
    },
  }
}

/** The approval of the plan as the log records it, if it waited for one. */
const approvalOf = (events: readonly Envelope[]): Pick<AuditReport, 'approval'> => {
  const requested = events.find((e) => ApprovalRequested.is(e))
  if (!requested || !ApprovalRequested.is(requested)) return {}
  const decided = events.find((e) => ApprovalDecided.is(e))
  return {
    approval: {
      reasons: requested.data.reasons.map(describeApprovalReason),
      requestedAt: requested.meta.occurredAt,
      expiresAt: requested.data.expiresAt,
      ...(decided && ApprovalDecided.is(decided)
        ? {
            decision: {
              decision: decided.data.decision,
              by: decided.meta.actor,
              at: decided.meta.occurredAt,
              ...(decided.data.reason ? { reason: decided.data.reason } : {}),
              edited: decided.data.plan !== undefined,
            },
          }
        : {}),
    },
  }
}

const cut = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** The report as text for a terminal. */
export const renderReport = (r: AuditReport): string => {
  const lines: string[] = []
  const verdict =
    r.verdict.verdict === 'match'
      ? 'MATCH'
      : r.verdict.verdict === 'in_progress'
        ? `IN PROGRESS (consistent up to seq ${r.verdict.seq}; the run has not ended)`
        : `DIVERGED at seq ${r.verdict.seq}: ${r.verdict.difference}`
  lines.push(`Run ${r.runId} (tenant ${r.tenantId})`, `Verdict: ${verdict}`)
  lines.push(
    r.chain.ok
      ? `Log: ${r.chain.length} events, hash chain intact, head ${r.chain.head}`
      : `Log: chain broken at seq ${r.chain.seq}: ${r.chain.problem}`,
  )
  if (r.anchor)
    lines.push(
      r.anchor.ok
        ? `Anchor: ${r.anchor.anchoredLength} events in signed tree head of ${r.anchor.treeSize} (inclusion proof verified)`
        : `Anchor: ${r.anchor.kind.toUpperCase()}: ${r.anchor.problem}`,
    )
  if (r.request)
    lines.push(
      `Asked by ${r.request.by.kind} ${r.request.by.id}${r.request.by.sourceIp ? ` from ${r.request.by.sourceIp}` : ''} at ${r.request.at}`,
      `Request: ${cut(r.request.text)}`,
    )
  if (r.plan) {
    lines.push(
      `Plan (${r.plan.model}, ${r.planner.modelCalls} planner call(s), ${r.planner.tokens} tokens): ${r.plan.goal}`,
    )
    for (const s of r.plan.steps)
      lines.push(`  - ${s.id} → ${s.team}${s.dependsOn.length ? ` after ${s.dependsOn.join(', ')}` : ''}`)
  }
  if (r.approval) {
    lines.push(
      `Approval asked at ${r.approval.requestedAt} (until ${r.approval.expiresAt}): ${r.approval.reasons.join('; ')}`,
    )
    const d = r.approval.decision
    if (d)
      lines.push(
        `  ${d.decision}${d.edited ? ' with an edited plan' : ''} by ${d.by.kind} ${d.by.id} at ${d.at}${d.reason ? `: ${d.reason}` : ''}`,
      )
    else lines.push('  no decision yet')
  }
  if (r.budget) {
    const limits = Object.entries(r.budget.limits).map(([limit, max]) => `${limit} ${max}`)
    lines.push(`Budget: ${limits.join(', ')}`)
    const stop = r.budget.stop
    if (stop)
      lines.push(
        `  stopped at ${stop.at}${stop.stepId ? ` (step ${stop.stepId})` : ''}: ${stop.limit} ${stop.max} reached, used ${Object.entries(
          stop.usage,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      )
  }
  for (const s of r.steps) {
    lines.push(`Step ${s.stepId}: ${s.outcome}${s.error ? ` (${s.error})` : ''}`)
    for (const m of s.modelCalls)
      lines.push(
        `    model ${m.model}: ${m.tokens} tokens, ${m.latencyMs} ms${m.promptVersion ? `, prompt v${m.promptVersion}` : ''}`,
      )
    for (const t of s.toolCalls)
      lines.push(`    tool ${t.tool}: ${t.ok ? 'ok' : 'failed'}, ${t.durationMs} ms`)
    if (s.output) lines.push(`    output: ${cut(s.output)}`)
  }
  lines.push(
    `Usage: ${r.usage.modelCalls} model calls (${r.usage.inputTokens} in / ${r.usage.outputTokens} out tokens), ${r.usage.toolCalls} tool calls`,
  )
  if (r.outcome) lines.push(`Outcome: ${r.outcome.status}${r.outcome.reason ? ` (${r.outcome.reason})` : ''}`)
  return `${lines.join('\n')}\n`
}
