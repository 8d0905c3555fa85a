import type { ChorusTool, ToolDescription } from './tool.ts'

/** The tools a tenant's teams may use, by name. */
export interface ToolRegistry {
  get(name: string): ChorusTool | undefined
  list(): ToolDescription[]
  has(name: string): boolean
}

/** A registry over a fixed set of tool instances; names must be unique. */
export const makeToolRegistry = (tools: readonly ChorusTool[]): ToolRegistry => {
  const byName = new Map<string, ChorusTool>()
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new Error(`duplicate tool name "${tool.name}"`)
    byName.set(tool.name, tool)
  }
  return {
    get: (name) => byName.get(name),
    has: (name) => byName.has(name),
    list: () =>
      [...byName.values()].map((tool) => tool.describe()).sort((a, b) => a.name.localeCompare(b.name)),
  }
}
