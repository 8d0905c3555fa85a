import { z } from 'zod'
import { ChorusError } from '#platform/errors/index.ts'

/** A positive whole number read from the environment, with its default. */
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)

/**
 * The core section of the settings: what the core (`runtime/core.ts`) reads, whichever runtime
 * starts it. Each runtime's schema is this core plus its adapter's section (`ConfigSchema` in
 * `runtime/local/config.ts`, the schema of `runtime/aws/config.ts`), so a core setting is parsed the same way,
 * with the same default, on both: none is silently dropped by one runtime.
 */
export const CORE_SETTINGS = {
  CHORUS_SYNC_BUDGET_MS: positiveInt(25_000),
  /** Deliveries of one event before it is dead-lettered (on AWS, the queues' redrive `maxReceiveCount`). */
  CHORUS_QUEUE_MAX_RECEIVES: positiveInt(5),
  CHORUS_PLANNER_MAX_REPAIRS: z.coerce.number().int().min(0).max(10).default(2),
  CHORUS_PLANNER_MAX_STEPS: z.coerce.number().int().min(1).max(20).default(10),
  /** Earlier turns of a chat the planner gets whole; older ones as one summary line (ADR 0023). */
  CHORUS_PLANNER_HISTORY_TURNS: z.coerce.number().int().min(0).max(50).default(6),
  /** How long a run waits for a decision on its plan before it ends approval.timedOut (ADR 0023). */
  CHORUS_APPROVAL_TIMEOUT_MS: positiveInt(24 * 60 * 60_000),
  /** Requests one model call may cost in all, retries and queue redeliveries together (ADR 0014). */
  CHORUS_MODEL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  CHORUS_MODEL_RETRY_BACKOFF_MS: positiveInt(500),
  OPENAI_BASE_URL: z.url().optional(),
  /** Private hosts or CIDR ranges web and HTTP tools may reach anyway, comma-separated. */
  CHORUS_WEB_ALLOW: z.string().default(''),
  /** Signs exported audit bundles (HMAC-SHA256) when set. */
  CHORUS_AUDIT_SIGNING_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  CHORUS_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** A JSON file of tenants' run budget defaults and ceilings (ADR 0031); none when left out. */
  CHORUS_TENANT_BUDGETS_FILE: z.string().min(1).optional(),
} satisfies z.ZodRawShape

const CoreSettings = z.object(CORE_SETTINGS)
type CoreSettings = z.infer<typeof CoreSettings>

/** What the core is given from its settings, the same on every runtime. */
export interface CoreConfig {
  syncBudgetMs: number
  planner: { maxRepairs: number; maxSteps: number; historyTurns: number }
  /** The attempt budget of every model call (ADR 0014). */
  modelAttempts: { maxAttempts: number; backoffMs: number }
  approvalTimeoutMs: number
  webAllow: string[]
  /** Signs exported audit bundles (HMAC-SHA256) when set. */
  auditSigningKey?: string
  logLevel: CoreSettings['CHORUS_LOG_LEVEL']
  /** Where tenants' budget defaults and ceilings are kept (ADR 0031), as given. */
  tenantBudgetsFile?: string
}

/** A comma-separated list, trimmed, empty items left out. */
export const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

/** The core section of parsed settings, shaped for the core. */
export const coreConfigOf = (e: CoreSettings): CoreConfig => ({
  syncBudgetMs: e.CHORUS_SYNC_BUDGET_MS,
  planner: {
    maxRepairs: e.CHORUS_PLANNER_MAX_REPAIRS,
    maxSteps: e.CHORUS_PLANNER_MAX_STEPS,
    historyTurns: e.CHORUS_PLANNER_HISTORY_TURNS,
  },
  modelAttempts: { maxAttempts: e.CHORUS_MODEL_MAX_ATTEMPTS, backoffMs: e.CHORUS_MODEL_RETRY_BACKOFF_MS },
  approvalTimeoutMs: e.CHORUS_APPROVAL_TIMEOUT_MS,
  webAllow: list(e.CHORUS_WEB_ALLOW),
  ...(e.CHORUS_AUDIT_SIGNING_KEY ? { auditSigningKey: e.CHORUS_AUDIT_SIGNING_KEY } : {}),
  logLevel: e.CHORUS_LOG_LEVEL,
  ...(e.CHORUS_TENANT_BUDGETS_FILE ? { tenantBudgetsFile: e.CHORUS_TENANT_BUDGETS_FILE } : {}),
})

/**
 * Parses the environment with a runtime's settings schema, once, at start. Every bad setting is
 * named (`CHORUS_PORT: Too big…`) in one `config.invalid` error, its names in `details.settings`;
 * `problems` adds what a schema cannot say alone (settings that must agree).
 */
export const parseSettings = <S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
  options: {
    label: string
    /** Problems of settings that must agree, given the parsed settings (when they parse) and the environment. */
    problems?: (settings: z.output<S> | undefined, env: Record<string, string | undefined>) => string[]
  },
): z.output<S> => {
  const parsed = schema.safeParse(env)
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...(options.problems?.(parsed.success ? parsed.data : undefined, env) ?? []),
  ]
  if (!parsed.success || problems.length > 0)
    throw new ChorusError('config.invalid', `invalid ${options.label}: ${problems.join('; ')}`, {
      details: { settings: [...new Set(problems.map((p) => p.slice(0, p.indexOf(':'))))] },
    })
  return parsed.data
}
