import { RetentionDays } from 'aws-cdk-lib/aws-logs'
import { z } from 'zod'

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/([12]?\d|3[0-2])$/
const IPV6_CIDR = /^[0-9a-f:]+\/(\d{1,2}|1[01]\d|12[0-8])$/i
const LOG_RETENTIONS = new Set<number>(Object.values(RetentionDays).filter((v) => typeof v === 'number'))

/** One deployment of Chorus (an account and region): what differs between dev and prod. */
export const StageConfig = z.object({
  /** Lowercase; part of every stack, bus, queue and secret name. */
  name: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, 'must be 2-12 lowercase letters or digits'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1'),
  /** The target account; the CLI's default account when absent. */
  account: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  /** Production data: deletion protection, retained table and user pool, MFA required. */
  prod: z.boolean(),
  /** Source IP ranges the API accepts (its WAF web ACL, directly or as the viewer behind CloudFront); nothing else gets in. */
  allowedIpRanges: z
    .array(z.string().refine((v) => IPV4_CIDR.test(v) || IPV6_CIDR.test(v), 'must be a CIDR range'))
    .min(1),
  /** Days the EventBridge archive keeps events for replay and audit; 0 keeps them forever. */
  archiveRetentionDays: z.number().int().min(0),
  /** Days CloudWatch keeps function and access logs (a value CloudWatch accepts). */
  logRetentionDays: z.number().refine((v) => LOG_RETENTIONS.has(v), 'must be a CloudWatch retention'),
  /** The model the planner and the teams ask (`CHORUS_OPENAI_MODEL`). */
  modelName: z.string().min(1),
  /** Where alarms (dead letters, function errors, API 5xx) are e-mailed. */
  alarmEmail: z.email(),
  /** How runs started by the API travel: in the API function within the budget, or through the queues. */
  apiRoute: z.enum(['sync', 'async']),
  /** Redrive `maxReceiveCount` of every consumer queue (AWS advises at least 5). */
  maxReceives: z.number().int().min(5).max(1000),
  /** Most concurrent task-runner invocations: bounds model spend and tool traffic. */
  taskRunnerConcurrency: z.number().int().min(2).max(1000),
  /** Requests per second and burst per API key (usage plan), and requests per key per day. */
  apiThrottle: z.object({
    rateLimit: z.number().positive(),
    burstLimit: z.number().int().positive(),
    dailyQuota: z.number().int().positive(),
  }),
})
export type StageConfig = z.infer<typeof StageConfig>

/**
 * The stages this repository deploys. IP ranges and the alarm address are placeholders
 * (documentation ranges, example.com): set yours here or with `-c allowedIpRanges=… -c alarmEmail=…`.
 */
export const STAGES = {
  dev: {
    name: 'dev',
    region: 'eu-west-1',
    prod: false,
    allowedIpRanges: ['203.0.113.0/24'],
    archiveRetentionDays: 30,
    logRetentionDays: RetentionDays.TWO_WEEKS,
    modelName: 'gpt-4o-mini',
    alarmEmail: 'chorus-alarms@example.com',
    apiRoute: 'sync',
    maxReceives: 5,
    taskRunnerConcurrency: 5,
    apiThrottle: { rateLimit: 10, burstLimit: 20, dailyQuota: 10_000 },
  },
  prod: {
    name: 'prod',
    region: 'eu-west-1',
    prod: true,
    allowedIpRanges: ['198.51.100.0/24'],
    archiveRetentionDays: 400,
    logRetentionDays: RetentionDays.THREE_MONTHS,
    modelName: 'gpt-4o',
    alarmEmail: 'chorus-oncall@example.com',
    apiRoute: 'sync',
    maxReceives: 5,
    taskRunnerConcurrency: 50,
    apiThrottle: { rateLimit: 50, burstLimit: 100, dailyQuota: 200_000 },
  },
} as const satisfies Record<string, StageConfig>

export type StageName = keyof typeof STAGES

/**
 * A stage's config with overrides applied, validated; throws naming every bad field.
 * @example stageConfig('dev', { alarmEmail: 'me@example.org' })
 */
export const stageConfig = (name: string, overrides: Partial<StageConfig> = {}): StageConfig => {
  const base = (STAGES as Record<string, StageConfig>)[name]
  if (!base) throw new Error(`unknown stage "${name}": expected one of ${Object.keys(STAGES).join(', ')}`)
  const parsed = StageConfig.safeParse({ ...base, ...overrides })
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`invalid config for stage "${name}": ${problems}`)
  }
  return parsed.data
}
