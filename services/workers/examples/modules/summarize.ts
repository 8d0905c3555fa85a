import { Annotation, END, START, StateGraph } from '@langchain/langgraph'

/**
 * An example `custom` team module: a two-node LangGraph graph (draft, then tighten) built by
 * the factory Chorus calls with a recorded `chat` function. Teams reference it as
 * `{ "shape": "custom", "module": "summarize.ts" }`.
 */
const State = Annotation.Root({
  goal: Annotation<string>(),
  instruction: Annotation<string>(),
  inputs: Annotation<{ stepId: string; text: string }[]>(),
  draftText: Annotation<string>(),
  output: Annotation<string>(),
})

export const createGraph = ({ chat }: { chat: (prompt: string) => Promise<string> }) =>
  new StateGraph(State)
    .addNode('draft', async (state) => ({
      draftText: await chat(
        `Task: ${state.instruction}\nInputs:\n${state.inputs.map((i) => `- [${i.stepId}] ${i.text}`).join('\n') || '(none)'}`,
      ),
    }))
    .addNode('tighten', async (state) => ({
      output: await chat(`Task: make this shorter\nInputs:\n- ${state.draftText}`),
    }))
    .addEdge(START, 'draft')
    .addEdge('draft', 'tighten')
    .addEdge('tighten', END)
    .compile()
