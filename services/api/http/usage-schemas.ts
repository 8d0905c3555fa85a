import { z } from 'zod'

/** Request and answer of `GET /usage` (ADR 0031). */

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'must be a date (YYYY-MM-DD) or an ISO 8601 instant')
  .refine((at) => !Number.isNaN(Date.parse(at)), 'is not a real date')
  .transform((at) => new Date(at).toISOString().slice(0, 10))

export const UsageQuery = z
  .object({
    since: Day.optional().describe('the first day counted (UTC); 30 days before `until` when left out'),
    until: Day.optional().describe('the last day counted (UTC, inclusive); today when left out'),
  })
  .strict()
export type UsageQuery = z.infer<typeof UsageQuery>

export const UsageTotals = z.object({
  steps: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  tokens: z.number().int(),
  toolCalls: z.number().int(),
  modelCalls: z.number().int(),
  costUsd: z.number(),
  runs: z.number().int(),
})

export const UsageReport = z.object({
  since: z.string(),
  until: z.string(),
  total: UsageTotals,
  days: z.array(
    z.object({
      day: z.string(),
      total: UsageTotals,
      teams: z.array(UsageTotals.extend({ team: z.string() })),
    }),
  ),
  teams: z.array(UsageTotals.extend({ team: z.string() })),
})
export type UsageReport = z.infer<typeof UsageReport>
