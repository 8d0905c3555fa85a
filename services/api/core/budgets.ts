import { z } from 'zod'
import { BUDGET_LIMITS, Budget } from '#events'
import { ApiError } from './api-error.ts'
import shipped from './tenant-budgets.json' with { type: 'json' }

/** One tenant's budget policy: what a run gets when the request sets nothing, and the most it may ask. */
export const TenantBudget = z
  .object({ defaults: Budget.default({}), ceilings: Budget.default({}) })
  .strict()
  .superRefine((policy, ctx) => {
    for (const limit of BUDGET_LIMITS) {
      const [value, ceiling] = [policy.defaults[limit], policy.ceilings[limit]]
      if (value !== undefined && ceiling !== undefined && value > ceiling)
        ctx.addIssue({
          code: 'custom',
          path: ['defaults', limit],
          message: `is above its ceiling ${ceiling}`,
        })
    }
  })
export type TenantBudget = z.infer<typeof TenantBudget>

/** Every tenant's policy, kept as data (`tenant-budgets.json`); `*` applies to tenants not named. */
export const TenantBudgets = z
  .object({ $comment: z.string().optional(), tenants: z.record(z.string(), TenantBudget) })
  .strict()
export type TenantBudgets = z.infer<typeof TenantBudgets>

/** The policy shipped with Chorus: no defaults, no ceilings. */
export const SHIPPED_TENANT_BUDGETS: TenantBudgets = TenantBudgets.parse(shipped)

/** Parses a tenant budgets file's JSON; a broken file stops the start with every problem named. */
export const parseTenantBudgets = (json: string, source: string): TenantBudgets => {
  const parsed = TenantBudgets.safeParse(JSON.parse(json))
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  throw new Error(`${source} is not a valid tenant budgets file: ${problems.join('; ')}`)
}

/** The request's budget schema for one tenant: each limit at most the tenant's ceiling. */
const withinCeilings = (ceilings: Budget) =>
  Budget.extend(
    Object.fromEntries(
      BUDGET_LIMITS.flatMap((limit) => {
        const ceiling = ceilings[limit]
        if (ceiling === undefined) return []
        const field = Budget.shape[limit].unwrap().max(ceiling, `is above the tenant's ceiling of ${ceiling}`)
        return [[limit, field.optional()]]
      }),
    ),
  )

/**
 * The budget a new run of `tenantId` gets (ADR 0031): each limit the request sets, else the tenant's
 * default, else its ceiling; a request may lower a ceiling, never exceed it (`400 request.invalid`
 * naming each field). Undefined when no limit applies.
 */
export const resolveBudget = (
  policies: TenantBudgets,
  tenantId: string,
  requested: Budget | undefined,
): Budget | undefined => {
  const policy = policies.tenants[tenantId] ?? policies.tenants['*'] ?? { defaults: {}, ceilings: {} }
  const checked = withinCeilings(policy.ceilings).safeParse(requested ?? {})
  if (!checked.success) {
    const problems = checked.error.issues.map((i) => `body.budget.${i.path.join('.')}: ${i.message}`)
    throw new ApiError(
      'request.invalid',
      `the budget exceeds the tenant's ceilings: ${problems.join('; ')}`,
      {
        problems,
      },
    )
  }
  const budget: Budget = {}
  for (const limit of BUDGET_LIMITS) {
    const value = checked.data[limit] ?? policy.defaults[limit] ?? policy.ceilings[limit]
    if (value !== undefined) budget[limit] = value
  }
  return Object.keys(budget).length > 0 ? budget : undefined
}
