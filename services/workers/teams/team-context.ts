import type { StepInput, StepOutput } from '#events'
import type { InvokeModel, ModelCallContext } from '#platform/models/index.ts'
import type { PromptStore, ToolCallStore } from '#platform/store/index.ts'
import type { ToolCatalog } from '../tools/index.ts'
import type { ModuleLoader } from './module-loader.ts'

/** The work a team is given for one step. */
export interface TeamTask {
  goal: string
  instruction: string
  inputs: StepInput[]
}

export interface Team {
  run(task: TeamTask, call: ModelCallContext): Promise<StepOutput>
}

/** What building and running a team needs; every call is recorded through these. */
export interface TeamDeps {
  invoke: InvokeModel
  prompts: PromptStore
  tools: ToolCatalog
  toolCalls: ToolCallStore
  modules: ModuleLoader
}

/** Earlier outputs as the `{{inputs}}` variable: one line per step, or `(none)`. */
export const formatInputs = (inputs: readonly StepInput[]): string =>
  inputs.length === 0 ? '(none)' : inputs.map((i) => `- [${i.stepId}] ${i.output.text}`).join('\n')
