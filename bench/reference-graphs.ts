import {
  Annotation,
  type BaseCheckpointSaver,
  Command,
  END,
  MemorySaver,
  START,
  StateGraph,
} from '@langchain/langgraph'
import { newId, type Plan } from '#events'
import { compilePlan, waitingSteps } from '#services/supervisor/graph/compile-plan.ts'

type Saver = BaseCheckpointSaver<string | number>

/** The step output every reference node produces: the bench model's answer. */
const OUTPUT = 'done: a short step output of the bench'

const ChainState = Annotation.Root({
  outputs: Annotation<string[]>({ reducer: (all, next) => [...all, ...next], default: () => [] }),
})

/** Plain LangGraph: `steps` nodes in a line, each appending one output; one invoke per run. */
export const plainChain = (steps: number, checkpointer: Saver) => {
  const graph = new StateGraph(ChainState) as unknown as {
    addNode(name: string, fn: () => { outputs: string[] }): void
    addEdge(from: string, to: string): void
    compile(options: { checkpointer: Saver }): { invoke(input: object, config: object): Promise<unknown> }
  }
  for (let i = 1; i <= steps; i++) graph.addNode(`n${i}`, () => ({ outputs: [OUTPUT] }))
  graph.addEdge(START, 'n1')
  for (let i = 1; i < steps; i++) graph.addEdge(`n${i}`, `n${i + 1}`)
  graph.addEdge(`n${steps}`, END)
  const compiled = graph.compile({ checkpointer })
  return {
    run: async () => {
      await compiled.invoke({}, { configurable: { thread_id: newId() } })
    },
  }
}

/** A chain plan as the planner makes it, for `compilePlan`. */
export const chainPlanOf = (steps: number): Plan => ({
  goal: `a ${steps}-step chain`,
  steps: Array.from({ length: steps }, (_, i) => ({
    id: `s${i + 1}`,
    team: 'researcher',
    instruction: `step ${i + 1} of the chain`,
    dependsOn: i === 0 ? [] : [`s${i}`],
  })),
})

/**
 * Chorus's own graph driven the way the supervisor drives it, without the rest of Chorus: on the
 * plan's start, compile, read the state, invoke to the first interrupt and read the state again;
 * on each step's completion, compile, read the state, resume the waiting step by interrupt id and
 * read the state again (the supervisor's `advance`).
 */
export const interruptResumeChain = (steps: number, checkpointer: Saver) => {
  const plan = chainPlanOf(steps)
  return {
    run: async () => {
      const config = { configurable: { thread_id: newId() } }
      let graph = compilePlan(plan, checkpointer)
      if ((await graph.getState(config)).createdAt === undefined) await graph.invoke({}, config)
      let waiting = waitingSteps(await graph.getState(config))
      while (waiting.length > 0) {
        graph = compilePlan(plan, checkpointer)
        const [step] = waitingSteps(await graph.getState(config))
        if (!step) throw new Error('a step was waiting and is not any more')
        await graph.invoke(new Command({ resume: { [step.interruptId]: { text: OUTPUT } } }), config)
        waiting = waitingSteps(await graph.getState(config))
      }
    },
  }
}

/** LangGraph's in-memory saver, the reference the issue names. */
export const memorySaver = (): Saver => new MemorySaver()

/**
 * The official SQLite saver, when `@langchain/langgraph-checkpoint-sqlite` is installed (it is not a
 * dependency of Chorus); otherwise the reason it is missing.
 */
export const officialSqliteSaver = async (): Promise<{ saver: Saver } | { missing: string }> => {
  const name = '@langchain/langgraph-checkpoint-sqlite'
  try {
    const module = (await import(name)) as { SqliteSaver: { fromConnString(path: string): Saver } }
    return { saver: module.SqliteSaver.fromConnString(':memory:') }
  } catch (error) {
    return { missing: `${name} is not installed (${(error as Error).message.split('\n')[0]})` }
  }
}
