import { z } from 'zod'
import { CORE_SETTINGS, type CoreConfig, coreConfigOf, parseSettings, positiveInt } from '../settings.ts'

const url = z.url()
const name = (what: string, pattern: RegExp) => z.string().regex(pattern, `must be a valid ${what}`)

/**
 * Every setting the AWS runtime reads from the environment (Lambda env vars, or a shell for emulators):
 * the core section (`CORE_SETTINGS`, shared with the embedded runtime) and the AWS adapters' own.
 * `CHORUS_QUEUE_MAX_RECEIVES` must equal the queues' redrive `maxReceiveCount`: the last receive ends the run.
 */
export const AwsConfigSchema = z.object({
  ...CORE_SETTINGS,
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** One endpoint for every service (moto server, LocalStack); AWS's own when absent. */
  CHORUS_AWS_ENDPOINT: url.optional(),
  CHORUS_DYNAMODB_ENDPOINT: url.optional(),
  CHORUS_EVENTBRIDGE_ENDPOINT: url.optional(),
  CHORUS_SQS_ENDPOINT: url.optional(),
  CHORUS_S3_ENDPOINT: url.optional(),
  CHORUS_SECRETSMANAGER_ENDPOINT: url.optional(),
  CHORUS_KMS_ENDPOINT: url.optional(),
  CHORUS_TABLE_NAME: name('table name', /^[A-Za-z0-9_.-]{3,255}$/),
  CHORUS_EVENT_BUS_NAME: name('event bus name', /^[A-Za-z0-9/_.-]{1,256}$/),
  CHORUS_BUCKET_NAME: name('bucket name', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
  /** The bus's archive and the bus itself, for replays through StartReplay (the admin API's functions). */
  CHORUS_ARCHIVE_ARN: z.string().startsWith('arn:').optional(),
  CHORUS_EVENT_BUS_ARN: z.string().startsWith('arn:').optional(),
  CHORUS_PLANNER_QUEUE_URL: url.optional(),
  CHORUS_SUPERVISOR_QUEUE_URL: url.optional(),
  CHORUS_WORKERS_QUEUE_URL: url.optional(),
  CHORUS_PROJECTOR_QUEUE_URL: url.optional(),
  /** Each consumer's dead-letter queue: listed and redriven by the API (with the queue above), fed by the sync route. */
  CHORUS_PLANNER_DLQ_URL: url.optional(),
  CHORUS_SUPERVISOR_DLQ_URL: url.optional(),
  CHORUS_WORKERS_DLQ_URL: url.optional(),
  CHORUS_PROJECTOR_DLQ_URL: url.optional(),
  /** Where the bus intake puts a refused outside event at once, with the reason (ADR 0020). */
  CHORUS_INTAKE_DLQ_URL: url.optional(),
  /** The queue the long-running task runner drains; the workers queue when absent. */
  CHORUS_TASK_QUEUE_URL: url.optional(),
  /** How runs started by the API travel: `sync` (in the API function) or `async` (through the queues). */
  CHORUS_API_ROUTE: z.enum(['sync', 'async']).default('sync'),
  /** Time the task runner keeps in hand: it takes no new task with less than this left (default 2 min). */
  CHORUS_TASK_RESERVE_MS: positiveInt(120_000),
  /** Long-poll of the task runner: it stops after a poll this long finds nothing (0-20 s). */
  CHORUS_TASK_WAIT_SECONDS: z.coerce.number().int().min(0).max(20).default(20),
  CHORUS_PUT_EVENTS_MAX_ATTEMPTS: positiveInt(5),
  CHORUS_SECRETS_TTL_MS: positiveInt(300_000),
  /** Secrets Manager id of the OpenAI API key; the offline model when absent. */
  CHORUS_OPENAI_SECRET_ID: z.string().min(1).optional(),
  CHORUS_OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** Seed the default prompts and demo teams of this tenant when a container starts (dev stacks, emulators). */
  CHORUS_SEED_TENANT: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
    .optional(),
  /** Prefix of the Secrets Manager ids of tool secrets: `search.api-key` → `chorus/search.api-key`. */
  CHORUS_SECRET_PREFIX: z.string().default('chorus/'),
  /** The anchor bucket (Object Lock) and the asymmetric KMS key that signs tree heads (ADR 0026). */
  CHORUS_ANCHOR_BUCKET_NAME: name('bucket name', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/).optional(),
  CHORUS_ANCHOR_KEY_ID: z.string().min(1).optional(),
  /** Object Lock of what the anchoring function writes (the bucket's default retention backs it). */
  CHORUS_ANCHOR_LOCK_MODE: z.enum(['COMPLIANCE', 'GOVERNANCE']).default('COMPLIANCE'),
  CHORUS_ANCHOR_RETENTION_DAYS: positiveInt(365),
})

export type AwsServiceName = 'dynamodb' | 'eventbridge' | 'sqs' | 's3' | 'secretsmanager' | 'kms'

export interface AwsConfig {
  region: string
  /** Endpoint per service; undefined means AWS's own. */
  endpoints: Record<AwsServiceName, string | undefined>
  tableName: string
  busName: string
  /** Where replays come from and go to; absent where this function does not start replays. */
  replay?: { archiveArn: string; busArn: string }
  /** The DLQ of the bus intake queue: refused outside events go there with the reason. */
  intakeDeadLetterQueueUrl?: string
  bucket: string
  queueUrls: { planner?: string; supervisor?: string; workers?: string; projector?: string; tasks?: string }
  /** The consumers whose queue and DLQ this function knows: their dead letters are its to show. */
  deadLetterQueues: Partial<
    Record<'planner' | 'supervisor' | 'workers' | 'projector', { url: string; dlqUrl: string }>
  >
  maxReceives: number
  syncBudgetMs: number
  approvalTimeoutMs: number
  /** The planner's limits (repairs, steps, chat turns), as on the embedded runtime. */
  planner: CoreConfig['planner']
  /** Signs exported audit bundles (HMAC-SHA256) when set. */
  auditSigningKey?: string
  tenantBudgetsFile?: string
  apiRoute: 'sync' | 'async'
  taskReserveMs: number
  taskWaitSeconds: number
  putEventsMaxAttempts: number
  /** The attempt budget of every model call (ADR 0014). */
  modelAttempts: { maxAttempts: number; backoffMs: number }
  secretsTtlMs: number
  openai?: { secretId: string; model: string; baseUrl?: string }
  seedTenant?: string
  secretPrefix: string
  teams: { webAllow: string[] }
  /**
   * Where run heads are anchored (ADR 0026): the Object Lock bucket of signed heads and the KMS key
   * that signs them (only the anchoring function may sign; the others read the public key).
   */
  anchors?: {
    bucket: string
    keyId: string
    lock: { mode: 'COMPLIANCE' | 'GOVERNANCE'; retentionDays: number }
  }
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
}

/** Parses the environment into the AWS runtime's config; fails fast naming every bad variable. */
export const loadAwsConfig = (env: Record<string, string | undefined>): AwsConfig => {
  const e = parseSettings(AwsConfigSchema, env, { label: 'AWS configuration' })
  const core = coreConfigOf(e)
  const all = e.CHORUS_AWS_ENDPOINT
  return {
    region: e.AWS_REGION,
    endpoints: {
      dynamodb: e.CHORUS_DYNAMODB_ENDPOINT ?? all,
      eventbridge: e.CHORUS_EVENTBRIDGE_ENDPOINT ?? all,
      sqs: e.CHORUS_SQS_ENDPOINT ?? all,
      s3: e.CHORUS_S3_ENDPOINT ?? all,
      secretsmanager: e.CHORUS_SECRETSMANAGER_ENDPOINT ?? all,
      kms: e.CHORUS_KMS_ENDPOINT ?? all,
    },
    tableName: e.CHORUS_TABLE_NAME,
    busName: e.CHORUS_EVENT_BUS_NAME,
    ...(e.CHORUS_ARCHIVE_ARN && e.CHORUS_EVENT_BUS_ARN
      ? { replay: { archiveArn: e.CHORUS_ARCHIVE_ARN, busArn: e.CHORUS_EVENT_BUS_ARN } }
      : {}),
    bucket: e.CHORUS_BUCKET_NAME,
    queueUrls: {
      planner: e.CHORUS_PLANNER_QUEUE_URL,
      supervisor: e.CHORUS_SUPERVISOR_QUEUE_URL,
      workers: e.CHORUS_WORKERS_QUEUE_URL,
      projector: e.CHORUS_PROJECTOR_QUEUE_URL,
      tasks: e.CHORUS_TASK_QUEUE_URL ?? e.CHORUS_WORKERS_QUEUE_URL,
    },
    deadLetterQueues: Object.fromEntries(
      (
        [
          ['planner', e.CHORUS_PLANNER_QUEUE_URL, e.CHORUS_PLANNER_DLQ_URL],
          ['supervisor', e.CHORUS_SUPERVISOR_QUEUE_URL, e.CHORUS_SUPERVISOR_DLQ_URL],
          ['workers', e.CHORUS_WORKERS_QUEUE_URL, e.CHORUS_WORKERS_DLQ_URL],
          ['projector', e.CHORUS_PROJECTOR_QUEUE_URL, e.CHORUS_PROJECTOR_DLQ_URL],
        ] as const
      ).flatMap(([consumer, queueUrl, dlqUrl]) =>
        queueUrl && dlqUrl ? [[consumer, { url: queueUrl, dlqUrl }]] : [],
      ),
    ),
    ...(e.CHORUS_INTAKE_DLQ_URL ? { intakeDeadLetterQueueUrl: e.CHORUS_INTAKE_DLQ_URL } : {}),
    maxReceives: e.CHORUS_QUEUE_MAX_RECEIVES,
    syncBudgetMs: core.syncBudgetMs,
    approvalTimeoutMs: core.approvalTimeoutMs,
    planner: core.planner,
    ...(core.auditSigningKey ? { auditSigningKey: core.auditSigningKey } : {}),
    // A budgets file other than the shipped one must be packaged with the functions (ADR 0031).
    ...(core.tenantBudgetsFile ? { tenantBudgetsFile: core.tenantBudgetsFile } : {}),
    apiRoute: e.CHORUS_API_ROUTE,
    taskReserveMs: e.CHORUS_TASK_RESERVE_MS,
    taskWaitSeconds: e.CHORUS_TASK_WAIT_SECONDS,
    putEventsMaxAttempts: e.CHORUS_PUT_EVENTS_MAX_ATTEMPTS,
    modelAttempts: core.modelAttempts,
    secretsTtlMs: e.CHORUS_SECRETS_TTL_MS,
    ...(e.CHORUS_OPENAI_SECRET_ID
      ? {
          openai: {
            secretId: e.CHORUS_OPENAI_SECRET_ID,
            model: e.CHORUS_OPENAI_MODEL,
            ...(e.OPENAI_BASE_URL ? { baseUrl: e.OPENAI_BASE_URL } : {}),
          },
        }
      : {}),
    ...(e.CHORUS_SEED_TENANT ? { seedTenant: e.CHORUS_SEED_TENANT } : {}),
    secretPrefix: e.CHORUS_SECRET_PREFIX,
    teams: { webAllow: core.webAllow },
    ...(e.CHORUS_ANCHOR_BUCKET_NAME && e.CHORUS_ANCHOR_KEY_ID
      ? {
          anchors: {
            bucket: e.CHORUS_ANCHOR_BUCKET_NAME,
            keyId: e.CHORUS_ANCHOR_KEY_ID,
            lock: { mode: e.CHORUS_ANCHOR_LOCK_MODE, retentionDays: e.CHORUS_ANCHOR_RETENTION_DAYS },
          },
        }
      : {}),
    logLevel: core.logLevel,
  }
}
