import type { TeamDefinition } from './team-definition.ts'

const STEP_PROMPT = `You are the {{team}} team of Chorus.
Goal of the whole run: {{goal}}
Task: {{instruction}}
Inputs:
{{inputs}}`

/** Seeded on first start so a fresh install can answer at once. */
export const DEMO_TEAMS: readonly TeamDefinition[] = [
  {
    name: 'researcher',
    description: 'Gathers and lists the key facts, figures and sources needed to answer a request.',
    shape: 'llm',
    tools: [],
    prompt: STEP_PROMPT,
  },
  {
    name: 'writer',
    description: 'Writes the final answer for the user: clear, concise prose built on the facts it is given.',
    shape: 'llm',
    tools: [],
    prompt: STEP_PROMPT,
  },
]
