import { z } from 'zod'
import { type DefinitionStore, makeDefinitionStore, type Versioned } from './definition-store.ts'
import type { ChorusTable } from './table.ts'

/** A prompt kept as data: its text, changed by saving a new version, no redeploy. */
export const Prompt = z.object({ text: z.string().min(1).max(50_000) }).strict()
export type Prompt = z.infer<typeof Prompt>
export type PromptRecord = Versioned<Prompt>

export type PromptStore = DefinitionStore<Prompt>

export const makePromptStore = (table: ChorusTable, clock?: () => Date): PromptStore =>
  makeDefinitionStore(table, 'PROMPT', Prompt, clock)
