import { Command, MemorySaver } from '@langchain/langgraph'
import {
  ApprovalDecided,
  ApprovalRequested,
  BudgetExceeded,
  canonicalJson,
  type Envelope,
  PlanCreated,
  PlanRejected,
  RunCompleted,
  RunFailed,
  RunResumed,
  StepAborted,
  StepCompleted,
  StepFailed,
  TaskQueued,
} from '#events'
import { compilePlan, sinkSteps, type TaskRequest, waitingSteps } from '#services/supervisor/index.ts'
import { rederiveBudgetStop, rederiveDispatch } from './rederive-budget.ts'

export type RederiveVerdict = { verdict: 'match' } | { verdict: 'diverged'; seq: number; difference: string }

type Expected = TaskRequest & { goal: string }

/**
 * Re-derives a run from its events alone and compares it with the log: the recorded plan is
 * compiled again, recorded step outputs are fed to it in log order, and every dispatch, every
 * input and the final answer the supervisor would produce must be what the log says it produced.
 * No model and no tool is called: the graph pauses at each step and gets the recorded output.
 */
export const rederive = async (events: readonly Envelope[]): Promise<RederiveVerdict> => {
  const diverged = (seq: number, difference: string): RederiveVerdict => ({
    verdict: 'diverged',
    seq,
    difference,
  })
  let graph: ReturnType<typeof compilePlan> | undefined
  let goal = ''
  let sinks: string[] = []
  const config = { configurable: { thread_id: 'audit' } }
  const due = new Map<string, Expected>()
  const dispatched = new Set<string>()
  /** Steps their worker stopped unfinished: a resumed run queues them again. */
  const stopped = new Set<string>()
  let failure: { stepId?: string; code: string } | undefined
  /**
   * The approval of the plan (ADR 0023): `required` by PlanCreated v2 until ApprovalRequested,
   * `requested` until ApprovalDecided; nothing is due before an approval.
   */
  let approval: 'none' | 'required' | 'requested' | 'approved' | 'declined' = 'none'
  let planEvent: Envelope | undefined
  let requestedId: string | undefined
  const start = async (plan: Parameters<typeof compilePlan>[0]) => {
    goal = plan.goal
    sinks = sinkSteps(plan)
    graph = compilePlan(plan, new MemorySaver())
    await graph.invoke({}, config)
    await collectDue()
  }

  const collectDue = async () => {
    if (!graph) return
    for (const { request } of waitingSteps(await graph.getState(config)))
      if (!dispatched.has(request.stepId)) due.set(request.stepId, { ...request, goal })
  }

  /** Set once the budget stopped the run (ADR 0031): nothing may be dispatched or complete after it. */
  let budgetStopped = false
  for (const [index, event] of events.entries()) {
    const { seq } = event.meta
    /** The events before this one: the budget fold reads them. */
    const before = events.slice(0, index)
    if (PlanCreated.is(event)) {
      if (planEvent) return diverged(seq, 'a second plan for the same run')
      planEvent = event
      if (event.data.approval) approval = 'required'
      else await start(event.data.plan)
    } else if (ApprovalRequested.is(event)) {
      if (approval !== 'required' || !planEvent || !PlanCreated.is(planEvent))
        return diverged(seq, 'the run asked for an approval its plan did not require')
      if (event.data.planEventId !== planEvent.meta.eventId)
        return diverged(
          seq,
          `the approval names plan ${event.data.planEventId}, not ${planEvent.meta.eventId}`,
        )
      if (canonicalJson(event.data.reasons) !== canonicalJson(planEvent.data.approval?.reasons))
        return diverged(seq, 'the approval gives other reasons than the plan')
      approval = 'requested'
      requestedId = event.meta.eventId
    } else if (ApprovalDecided.is(event)) {
      if (approval !== 'requested' || event.data.requestedEventId !== requestedId)
        return diverged(seq, `a ${event.data.decision} decision on no pending approval`)
      if (event.data.decision === 'approve') {
        approval = 'approved'
        const plan =
          event.data.plan ?? (planEvent && PlanCreated.is(planEvent) ? planEvent.data.plan : undefined)
        if (!plan) return diverged(seq, 'an approval without a plan')
        await start(plan)
      } else {
        approval = 'declined'
        failure = { code: event.data.decision === 'reject' ? 'approval.rejected' : 'approval.timedOut' }
      }
    } else if (TaskQueued.is(event)) {
      if (approval === 'required' || approval === 'requested')
        return diverged(seq, `TaskQueued for step "${event.data.stepId}" before the plan was approved`)
      const expected = due.get(event.data.stepId)
      if (!expected) return diverged(seq, `TaskQueued for step "${event.data.stepId}" was not due`)
      if (budgetStopped)
        return diverged(seq, `TaskQueued for "${event.data.stepId}" after the budget stopped the run`)
      const budget = rederiveDispatch(before, event)
      if (budget.problem) return diverged(seq, budget.problem)
      const stated = { ...event.data }
      const derived = {
        stepId: expected.stepId,
        team: expected.team,
        goal: expected.goal,
        instruction: expected.instruction,
        inputs: expected.inputs,
        ...(budget.allowance ? { budget: budget.allowance } : {}),
      }
      if (canonicalJson(stated) !== canonicalJson(derived))
        return diverged(
          seq,
          `TaskQueued for "${event.data.stepId}" differs: logged ${canonicalJson(stated)}, derived ${canonicalJson(derived)}`,
        )
      due.delete(event.data.stepId)
      dispatched.add(event.data.stepId)
    } else if (StepCompleted.is(event)) {
      if (!graph) return diverged(seq, 'a step completed before any plan')
      const waiting = waitingSteps(await graph.getState(config)).find(
        (w) => w.request.stepId === event.data.stepId,
      )
      if (waiting) {
        await graph.invoke(new Command({ resume: { [waiting.interruptId]: event.data.output } }), config)
        await collectDue()
      } else if (!dispatched.has(event.data.stepId)) {
        return diverged(seq, `step "${event.data.stepId}" completed but was never dispatched`)
      }
    } else if (StepAborted.is(event)) {
      stopped.add(event.data.stepId)
    } else if (RunResumed.is(event)) {
      for (const stepId of stopped) dispatched.delete(stepId)
      stopped.clear()
      await collectDue()
    } else if (BudgetExceeded.is(event)) {
      const problem = rederiveBudgetStop(before, event)
      if (problem) return diverged(seq, problem)
      budgetStopped = true
      failure = { ...(failure?.code === 'budget.exceeded' ? failure : {}), code: 'budget.exceeded' }
    } else if (StepFailed.is(event)) {
      failure = { stepId: event.data.stepId, code: event.data.error.code }
    } else if (PlanRejected.is(event)) {
      failure = { code: 'plan.invalid' }
    } else if (RunCompleted.is(event)) {
      if (budgetStopped) return diverged(seq, 'the run completed after the budget stopped it')
      if (approval === 'required' || approval === 'requested' || approval === 'declined')
        return diverged(seq, 'the run completed without an approved plan')
      if (!graph) return diverged(seq, 'the run completed without a plan')
      const snapshot = await graph.getState(config)
      if (snapshot.next.length > 0 || due.size > 0)
        return diverged(
          seq,
          `the run completed while steps were still due: ${[...snapshot.next, ...due.keys()].join(', ')}`,
        )
      const output = sinks
        .map((id) => (snapshot.values as Record<string, { text: string }>)[`output_${id}`]?.text ?? '')
        .join('\n\n')
      if (output !== event.data.output)
        return diverged(seq, 'the final answer differs from the outputs of the last steps')
      if (canonicalJson(event.data.finalSteps) !== canonicalJson(sinks))
        return diverged(
          seq,
          `final steps differ: logged ${event.data.finalSteps.join(', ')}, derived ${sinks.join(', ')}`,
        )
    } else if (RunFailed.is(event)) {
      // Dead letters and cancellations end a run with RunFailed alone; a failed step or plan must match.
      if (failure?.stepId && event.data.stepId !== failure.stepId)
        return diverged(
          seq,
          `the run failed on step "${event.data.stepId}", but step "${failure.stepId}" is the one that failed`,
        )
      if (failure?.code === 'plan.invalid' && event.data.reason.code !== 'plan.invalid')
        return diverged(seq, `the plan was rejected, but the run failed with ${event.data.reason.code}`)
      if (failure?.code.startsWith('approval.') && event.data.reason.code !== failure.code)
        return diverged(
          seq,
          `the decision was ${failure.code}, but the run failed with ${event.data.reason.code}`,
        )
      if (budgetStopped && event.data.reason.code !== 'budget.exceeded')
        return diverged(seq, `the budget stopped the run, but it failed with ${event.data.reason.code}`)
      if (event.data.reason.code === 'budget.exceeded' && !budgetStopped)
        return diverged(seq, 'the run failed with budget.exceeded without a BudgetExceeded')
      if (event.data.reason.code.startsWith('approval.') && failure?.code !== event.data.reason.code)
        return diverged(seq, `the run failed with ${event.data.reason.code} without that decision`)
    }
  }
  return { verdict: 'match' }
}
