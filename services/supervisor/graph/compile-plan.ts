import {
  Annotation,
  type BaseCheckpointSaver,
  type Command,
  END,
  interrupt,
  type LangGraphRunnableConfig,
  START,
  StateGraph,
  type StateSnapshot,
} from '@langchain/langgraph'
import type { Plan, PlanStep, StepInput, StepOutput } from '#events'

/** What a step node asks for when it pauses: the work a worker must do. */
export interface TaskRequest {
  stepId: string
  team: string
  instruction: string
  inputs: StepInput[]
}

/** Node and channel names of a step; step ids are slugs, so these never collide with LangGraph's own. */
export const stepNode = (stepId: string) => `step_${stepId}`
export const outputChannel = (stepId: string) => `output_${stepId}`

type StepState = Record<string, StepOutput | undefined>

/**
 * Compiles a plan into a StateGraph: one node per step, edges from `dependsOn` (a step with
 * several dependencies joins them), one channel per step output so each step writes only
 * its own channel. A node does not do the work: it pauses with a TaskRequest and resumes
 * with the worker's output.
 */
export const compilePlan = (plan: Plan, checkpointer: BaseCheckpointSaver<string | number>): RunGraph => {
  const channels = Object.fromEntries(plan.steps.map((s) => [outputChannel(s.id), Annotation<StepOutput>()]))
  const State = Annotation.Root(channels)
  // The node set is data, so the builder is typed loosely and checked by the plan schema instead.
  const graph = new StateGraph(State) as unknown as LooseGraph
  for (const step of plan.steps) graph.addNode(stepNode(step.id), (state: StepState) => runStep(step, state))

  const dependedOn = new Set(plan.steps.flatMap((s) => s.dependsOn))
  for (const step of plan.steps) {
    if (step.dependsOn.length === 0) graph.addEdge(START, stepNode(step.id))
    else graph.addEdge(step.dependsOn.map(stepNode), stepNode(step.id))
    if (!dependedOn.has(step.id)) graph.addEdge(stepNode(step.id), END)
  }
  return graph.compile({ checkpointer })
}

const runStep = (step: PlanStep, state: StepState): StepState => {
  const inputs = step.dependsOn.map((dep) => {
    const output = state[outputChannel(dep)]
    if (!output) throw new Error(`step ${step.id} started before its dependency ${dep} finished`)
    return { stepId: dep, output }
  })
  const request: TaskRequest = { stepId: step.id, team: step.team, instruction: step.instruction, inputs }
  const output = interrupt<TaskRequest, StepOutput>(request)
  return { [outputChannel(step.id)]: output }
}

/** The final answer: outputs of the steps nothing depends on, in plan order. */
export const sinkSteps = (plan: Plan): string[] => {
  const dependedOn = new Set(plan.steps.flatMap((s) => s.dependsOn))
  return plan.steps.filter((s) => !dependedOn.has(s.id)).map((s) => s.id)
}

interface LooseGraph {
  addNode(name: string, fn: (state: StepState) => StepState): LooseGraph
  addEdge(from: string | string[], to: string): LooseGraph
  compile(options: { checkpointer: BaseCheckpointSaver<string | number> }): RunGraph
}

/** What the supervisor needs of a compiled run graph. */
export interface RunGraph {
  invoke(input: Record<string, never> | Command, config: LangGraphRunnableConfig): Promise<unknown>
  getState(config: LangGraphRunnableConfig): Promise<StateSnapshot>
}

/**
 * The steps paused for a worker, with the interrupt id that resumes each. A task that already
 * has a result (resumed in a superstep whose siblings still wait) is not waiting any more.
 */
export const waitingSteps = (snapshot: StateSnapshot): { interruptId: string; request: TaskRequest }[] =>
  snapshot.tasks.flatMap((task) => {
    const pending = task.result === undefined ? task.interrupts[0] : undefined
    return pending?.id ? [{ interruptId: pending.id, request: pending.value as TaskRequest }] : []
  })
