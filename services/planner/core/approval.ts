import type { ApprovalReason, ApprovalRequirement, Plan } from '#events'

/** What the planner knows of a team: whether it must be approved, and the tools it declares. */
export interface TeamFlags {
  name: string
  tools: readonly string[]
  requiresApproval?: boolean | undefined
}

/**
 * Why a plan must wait for a person (ADR 0023): the request asked for it, a team the plan uses is
 * marked `requiresApproval`, or so is a tool one of those teams declares. Undefined when nothing
 * asks for it. The tool catalogue is read only when a team of the plan declares tools.
 */
export const approvalFor = async (input: {
  plan: Plan
  requested: boolean
  teams: readonly TeamFlags[]
  /** The tools (of these names) marked `requiresApproval`. */
  toolsRequiringApproval: (names: readonly string[]) => Promise<ReadonlySet<string>>
}): Promise<ApprovalRequirement | undefined> => {
  const byName = new Map(input.teams.map((t) => [t.name, t]))
  const used = [...new Set(input.plan.steps.map((s) => s.team))]
    .map((name) => byName.get(name))
    .filter((t): t is TeamFlags => t !== undefined)
  const declared = [...new Set(used.flatMap((t) => t.tools))]
  const flagged = declared.length > 0 ? await input.toolsRequiringApproval(declared) : new Set<string>()
  const reasons: ApprovalReason[] = [
    ...(input.requested ? [{ kind: 'request' as const }] : []),
    ...used.filter((t) => t.requiresApproval).map((t) => ({ kind: 'team' as const, team: t.name })),
    ...used.flatMap((t) =>
      t.tools
        .filter((tool) => flagged.has(tool))
        .map((tool) => ({ kind: 'tool' as const, team: t.name, tool })),
    ),
  ]
  return reasons.length > 0 ? { reasons: reasons.slice(0, 50) } : undefined
}
