import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { CORE_SETTINGS, coreConfigOf, list, parseSettings, positiveInt } from '../settings.ts'

/**
 * Every setting the embedded runtime reads from the environment, parsed once at start: the core
 * section (`CORE_SETTINGS`, shared with the AWS runtime) and the embedded runtime's own.
 */
export const ConfigSchema = z.object({
  ...CORE_SETTINGS,
  CHORUS_DATA_DIR: z.string().min(1).default('.chorus/data'),
  CHORUS_HOST: z.string().min(1).default('127.0.0.1'),
  CHORUS_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CHORUS_TABLE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be 3-255 characters of letters, digits, _ . -')
    .default('chorus'),
  CHORUS_TENANT: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes')
    .default('local'),
  CHORUS_QUEUE_BACKOFF_MS: positiveInt(200),
  /** A delivery still running after this long is given to another (SQS's visibility timeout). */
  CHORUS_QUEUE_VISIBILITY_TIMEOUT_MS: positiveInt(300_000),
  /** How long the supervisor holds a run before another delivery may take it over. */
  CHORUS_RUN_LEASE_MS: positiveInt(30_000),
  /** How often the embedded runtime looks for waits that ran out (one scan, whatever waits). */
  CHORUS_APPROVAL_SWEEP_MS: positiveInt(60_000),
  CHORUS_MODEL: z.string().min(1).default('gpt-4o-mini'),
  CHORUS_PLANNER_MODEL: z.string().min(1).optional(),
  CHORUS_WORKER_MODEL: z.string().min(1).optional(),
  CHORUS_MODEL_TIMEOUT_MS: positiveInt(60_000),
  CHORUS_WORKSPACE_DIR: z.string().min(1).optional(),
  CHORUS_TEAM_MODULE_DIRS: z.string().default('services/workers/examples/modules'),
  CHORUS_AUTH_ISSUER: z.string().min(1).optional(),
  CHORUS_AUTH_JWKS_URL: z.url().optional(),
  CHORUS_AUTH_AUDIENCE: z.string().min(1).optional(),
  CHORUS_AUTH_TENANT_CLAIM: z.string().min(1).default('custom:tenant'),
  /** The console's sign-in through a Cognito domain (its managed login's paths) instead of the dev identity. */
  CHORUS_CONSOLE_AUTH_DOMAIN: z.url().optional(),
  CHORUS_CONSOLE_CLIENT_ID: z
    .string()
    .regex(/^[\w+]{1,128}$/, 'must be an app client id (letters, digits, _ and +)')
    .optional(),
  CHORUS_CONSOLE_REDIRECT_URI: z.url().optional(),
  /** The anchor signing key and the tenants' anchor trees: outside the data dir (ADR 0019). */
  CHORUS_AUDIT_KEY_DIR: z.string().min(1).optional(),
  CHORUS_HTTP_HEADERS_TIMEOUT_MS: positiveInt(5_000),
  CHORUS_HTTP_REQUEST_TIMEOUT_MS: positiveInt(10_000),
  CHORUS_HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt(5_000),
  OPENAI_API_KEY: z.string().min(1).optional(),
})

export interface Config {
  dataDir: string
  host: string
  port: number
  tableName: string
  tenantId: string
  syncBudgetMs: number
  queue: { maxReceives: number; backoffMs: number; visibilityTimeoutMs: number }
  runLeaseMs: number
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  planner: { maxRepairs: number; maxSteps: number; historyTurns: number }
  /** Plan approval (ADR 0023): how long a run waits, how often waits that ran out are looked for. */
  approval: { timeoutMs: number; sweepMs: number }
  /** Where tenants' budget defaults and ceilings are kept (ADR 0031). */
  tenantBudgetsFile?: string
  models: {
    default: string
    planner?: string
    workers?: string
    timeoutMs: number
    /** The attempt budget of every model call (ADR 0014). */
    attempts: { maxAttempts: number; backoffMs: number }
  }
  openai: { apiKey?: string; baseUrl?: string }
  teams: {
    /** Root of the file tools. */
    workspaceDir: string
    /** Directories custom team modules may be loaded from. */
    moduleDirs: string[]
    /** Private hosts or CIDR ranges web and HTTP tools may reach anyway. */
    webAllow: string[]
  }
  /**
   * The local HTTP server's patience, in ms: for a request's headers, for the whole request (a body
   * that stops half-way is answered 408 and cut off), and for an idle keep-alive connection.
   */
  http: { timeouts: { headersMs: number; requestMs: number; keepAliveMs: number } }
  /** Signs exported audit bundles (HMAC-SHA256) when set. */
  auditSigningKey?: string
  /**
   * Where the Ed25519 anchor key and the tenants' signed anchor trees live (ADR 0019): outside the
   * data dir, `~/.config/chorus/audit-keys` unless `CHORUS_AUDIT_KEY_DIR` says otherwise.
   */
  auditKeyDir: string
  /** Secrets of HTTP tools, from `CHORUS_SECRET_<NAME>` (name upper-cased, `.`/`-` → `_`). */
  secrets: Record<string, string>
  /**
   * Bearer tokens of the local API: verified against `jwksUrl` for `issuer` (e.g. a Cognito user
   * pool) when set, else against the dev signing key kept under the data directory.
   */
  auth: { issuer?: string; jwksUrl?: string; audience?: string; tenantClaim: string }
  /**
   * The console signs in through this Cognito domain (authorization code with PKCE, ADR 0034) instead of the
   * dev identity: what `/console/config.json` answers. `redirectUri` defaults to this server's `/console/`.
   */
  consoleSignIn?: { authority: string; clientId: string; redirectUri?: string }
}

const present = (value: string | undefined) => value !== undefined && value.trim() !== ''

/**
 * An outside identity provider needs both its issuer and its JWKS; with only one of them the
 * server would silently keep verifying dev tokens, so the start stops instead.
 */
const authProblems = (env: Record<string, string | undefined>): string[] => {
  const issuer = present(env.CHORUS_AUTH_ISSUER)
  const jwks = present(env.CHORUS_AUTH_JWKS_URL)
  if (issuer && !jwks)
    return [
      'CHORUS_AUTH_JWKS_URL: required with CHORUS_AUTH_ISSUER (set both to verify outside tokens, or neither)',
    ]
  if (jwks && !issuer)
    return [
      'CHORUS_AUTH_ISSUER: required with CHORUS_AUTH_JWKS_URL (set both to verify outside tokens, or neither)',
    ]
  if (present(env.CHORUS_AUTH_AUDIENCE) && !issuer)
    return [
      'CHORUS_AUTH_AUDIENCE: only applies with CHORUS_AUTH_ISSUER and CHORUS_AUTH_JWKS_URL (dev tokens have their own audience)',
    ]
  return []
}

/** Hosts where plain http never leaves the machine (RFC 8252 §8.3): the console takes http URLs to these only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost'])

const secureOrLoopback = (value: string) => {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  } catch {
    return false
  }
}

/**
 * The console's Cognito sign-in needs its domain and app client together, and an outside issuer whose tokens
 * the server verifies; its URLs are https, or http to this machine (the page refuses others).
 */
const consoleSignInProblems = (env: Record<string, string | undefined>): string[] => {
  const domain = env.CHORUS_CONSOLE_AUTH_DOMAIN
  const clientId = env.CHORUS_CONSOLE_CLIENT_ID
  const redirect = env.CHORUS_CONSOLE_REDIRECT_URI
  if (!present(domain) && !present(clientId) && !present(redirect)) return []
  const problems: string[] = []
  if (!present(domain) || !present(clientId))
    problems.push(
      "CHORUS_CONSOLE_AUTH_DOMAIN / CHORUS_CONSOLE_CLIENT_ID: set both for the console's Cognito sign-in, or neither",
    )
  if (!present(env.CHORUS_AUTH_ISSUER))
    problems.push(
      "CHORUS_CONSOLE_AUTH_DOMAIN: needs CHORUS_AUTH_ISSUER and CHORUS_AUTH_JWKS_URL (the provider's tokens must be verified)",
    )
  for (const [name, value] of [
    ['CHORUS_CONSOLE_AUTH_DOMAIN', domain],
    ['CHORUS_CONSOLE_REDIRECT_URI', redirect],
  ] as const)
    if (present(value) && !secureOrLoopback(value as string))
      problems.push(`${name}: must be https, or http to 127.0.0.1, [::1] or localhost`)
  return problems
}

/** Parses the environment into a typed config; fails fast naming every bad variable. */
export const loadConfig = (
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): Config => {
  const e = parseSettings(ConfigSchema, env, {
    label: 'configuration',
    problems: (settings) => [
      ...authProblems(env),
      ...consoleSignInProblems(env),
      ...(settings && settings.CHORUS_HTTP_HEADERS_TIMEOUT_MS > settings.CHORUS_HTTP_REQUEST_TIMEOUT_MS
        ? ['CHORUS_HTTP_HEADERS_TIMEOUT_MS: must not exceed CHORUS_HTTP_REQUEST_TIMEOUT_MS']
        : []),
    ],
  })
  const core = coreConfigOf(e)
  const dataDir = resolve(cwd, e.CHORUS_DATA_DIR)
  return {
    dataDir,
    host: e.CHORUS_HOST,
    port: e.CHORUS_PORT,
    tableName: e.CHORUS_TABLE_NAME,
    tenantId: e.CHORUS_TENANT,
    syncBudgetMs: core.syncBudgetMs,
    queue: {
      maxReceives: e.CHORUS_QUEUE_MAX_RECEIVES,
      backoffMs: e.CHORUS_QUEUE_BACKOFF_MS,
      visibilityTimeoutMs: e.CHORUS_QUEUE_VISIBILITY_TIMEOUT_MS,
    },
    runLeaseMs: e.CHORUS_RUN_LEASE_MS,
    logLevel: core.logLevel,
    planner: core.planner,
    approval: { timeoutMs: core.approvalTimeoutMs, sweepMs: e.CHORUS_APPROVAL_SWEEP_MS },
    ...(core.tenantBudgetsFile ? { tenantBudgetsFile: resolve(cwd, core.tenantBudgetsFile) } : {}),
    models: {
      default: e.CHORUS_MODEL,
      ...(e.CHORUS_PLANNER_MODEL ? { planner: e.CHORUS_PLANNER_MODEL } : {}),
      ...(e.CHORUS_WORKER_MODEL ? { workers: e.CHORUS_WORKER_MODEL } : {}),
      timeoutMs: e.CHORUS_MODEL_TIMEOUT_MS,
      attempts: core.modelAttempts,
    },
    openai: {
      ...(e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY } : {}),
      ...(e.OPENAI_BASE_URL ? { baseUrl: e.OPENAI_BASE_URL } : {}),
    },
    teams: {
      workspaceDir: resolve(cwd, e.CHORUS_WORKSPACE_DIR ?? `${dataDir}/workspace`),
      moduleDirs: list(e.CHORUS_TEAM_MODULE_DIRS).map((dir) => resolve(cwd, dir)),
      webAllow: core.webAllow,
    },
    auth: {
      ...(e.CHORUS_AUTH_ISSUER ? { issuer: e.CHORUS_AUTH_ISSUER } : {}),
      ...(e.CHORUS_AUTH_JWKS_URL ? { jwksUrl: e.CHORUS_AUTH_JWKS_URL } : {}),
      ...(e.CHORUS_AUTH_AUDIENCE ? { audience: e.CHORUS_AUTH_AUDIENCE } : {}),
      tenantClaim: e.CHORUS_AUTH_TENANT_CLAIM,
    },
    ...(e.CHORUS_CONSOLE_AUTH_DOMAIN && e.CHORUS_CONSOLE_CLIENT_ID
      ? {
          consoleSignIn: {
            authority: e.CHORUS_CONSOLE_AUTH_DOMAIN.replace(/\/+$/, ''),
            clientId: e.CHORUS_CONSOLE_CLIENT_ID,
            ...(e.CHORUS_CONSOLE_REDIRECT_URI ? { redirectUri: e.CHORUS_CONSOLE_REDIRECT_URI } : {}),
          },
        }
      : {}),
    http: {
      timeouts: {
        headersMs: e.CHORUS_HTTP_HEADERS_TIMEOUT_MS,
        requestMs: e.CHORUS_HTTP_REQUEST_TIMEOUT_MS,
        keepAliveMs: e.CHORUS_HTTP_KEEP_ALIVE_TIMEOUT_MS,
      },
    },
    ...(core.auditSigningKey ? { auditSigningKey: core.auditSigningKey } : {}),
    auditKeyDir: e.CHORUS_AUDIT_KEY_DIR
      ? resolve(cwd, e.CHORUS_AUDIT_KEY_DIR)
      : join(homedir(), '.config', 'chorus', 'audit-keys'),
    secrets: Object.fromEntries(
      Object.entries(env).flatMap(([key, value]) =>
        key.startsWith('CHORUS_SECRET_') && value ? [[key.slice('CHORUS_SECRET_'.length), value]] : [],
      ),
    ),
  }
}
