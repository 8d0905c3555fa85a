import { z } from 'zod'
import { TeamName } from '#events'

/** A prompt template: its placeholders are checked when a team is written (`checkTeam`), not here. */
const Template = z.string().min(1).max(20_000)

/** A prompt template inline, or a reference to a versioned prompt in the prompt store. */
export const PromptRef = z.union([
  Template,
  z
    .object({
      prompt: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/),
      version: z.number().int().positive().optional(),
    })
    .strict(),
])
export type PromptRef = z.infer<typeof PromptRef>

const ModelSettings = z
  .object({
    name: z.string().min(1).max(128).optional(),
    temperature: z.number().min(0).max(2).optional(),
  })
  .strict()

const ToolName = z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be a tool name like web.fetch')

const common = {
  name: TeamName,
  description: z.string().min(1).max(1000),
  model: ModelSettings.optional(),
  tools: z.array(ToolName).max(32).default([]),
  /** JSON Schema the step output (parsed as JSON) must satisfy. */
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  /** Any plan that uses this team waits for a person's approval before a step runs (ADR 0023). */
  requiresApproval: z.boolean().optional(),
}

/**
 * A team is data: what it is for (the planner reads the description), how it runs, its prompt,
 * its tools. Three shapes: `llm` (a template and one model call), `agent` (a tool-using ReAct
 * loop, bounded), `custom` (a graph module from an allowlisted place).
 */
export const TeamDefinition = z.discriminatedUnion('shape', [
  z.object({ ...common, shape: z.literal('llm'), prompt: PromptRef }).strict(),
  z
    .object({
      ...common,
      shape: z.literal('agent'),
      prompt: PromptRef,
      maxIterations: z.number().int().min(1).max(25).default(6),
    })
    .strict(),
  z
    .object({
      ...common,
      shape: z.literal('custom'),
      /** A module path relative to an allowlisted directory, e.g. `summarize/graph.ts`. */
      module: z.string().min(1).max(256),
      /** The export that returns the compiled graph. */
      export: z
        .string()
        .regex(/^[A-Za-z_$][\w$]*$/)
        .default('createGraph'),
    })
    .strict(),
])
export type TeamDefinition = z.infer<typeof TeamDefinition>
