import type { ApiGroup } from '../../services/api/operation.ts'

/**
 * The consumer whose function is the task runner: the workers run one step each (team, model and tool
 * calls), so their function gets Lambda's whole 15 minutes, one task per invocation, and a concurrency
 * cap from the stage (ADR 0008).
 */
export const TASK_RUNNER_CONSUMER = 'workers'

/** What one function may touch. Each function gets its own role holding exactly this. */
export interface Access {
  /**
   * `apiKeys`: reads API key items only (the authorizer); `runItems`: reads run partitions only (the
   * run, its steps, its log; the run event stream); `read`: items and indexes; `readWrite`: puts and
   * updates too.
   */
  table: 'apiKeys' | 'runItems' | 'read' | 'readWrite'
  /**
   * Deletes items (`DeleteItem`): the delivery and request idempotency records released when work
   * fails, dead-letter notes, model attempt records. Nothing deletes in batches.
   */
  deletesItems?: boolean
  blobs: 'none' | 'read' | 'readWrite'
  /** Publishes events to the bus (PutEvents). */
  publishes: boolean
  /** Calls the model: reads the model API key. */
  models: boolean
  /** Runs teams, whose tools read their secrets under the stage's tool-secret prefix. */
  tools: boolean
  /**
   * Starts runs that, when the stage routes API runs `sync`, run to the end in this function (planner,
   * supervisor and workers in-process): it then needs everything those need.
   */
  runsInline?: boolean
  /** Starts replays of the bus's archive (EventBridge StartReplay). */
  replays?: boolean
  /**
   * The consumers' dead-letter queues (ADR 0017): `manage` reads them, deletes from them and sends
   * back to the consumer queues (the dead-letter API); `keep` sends what in-process queues give up on.
   */
  deadLetters?: 'manage' | 'keep'
}

/** A function's size and rights. */
export interface FunctionProfile {
  description: string
  timeoutSeconds: number
  memoryMb: number
  access: Access
}

/** A queue consumer's profile plus its SQS event source settings. */
export interface ConsumerProfile extends FunctionProfile {
  batchSize: number
  batchingWindowSeconds: number
}

const RUNS_EVERYTHING: Access = {
  table: 'readWrite',
  deletesItems: true,
  blobs: 'readWrite',
  publishes: true,
  models: true,
  tools: true,
}

/**
 * The access a function really has on a stage: inline runners gain what a whole run needs on `sync`,
 * and keep what their in-process queues give up on in the consumers' DLQs.
 */
export const effectiveAccess = (access: Access, apiRoute: 'sync' | 'async'): Access =>
  access.runsInline && apiRoute === 'sync'
    ? { ...RUNS_EVERYTHING, runsInline: true, deadLetters: access.deadLetters ?? 'keep' }
    : access

/** API functions answer within API Gateway's 29 s integration timeout. */
const API_TIMEOUT_SECONDS = 29

/**
 * Per API group (`API_GROUP_NAMES`, the groups the operations' definitions name in `group`): a group
 * without a profile here fails the typecheck, and synth (`apiProfile`).
 */
export const API_PROFILES: Readonly<Record<ApiGroup, FunctionProfile>> = {
  chats: {
    description: 'Chat messages: starts runs and, within the sync budget, runs them',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    memoryMb: 1024,
    access: {
      table: 'readWrite',
      // Idempotency-Key records of abandoned requests.
      deletesItems: true,
      blobs: 'readWrite',
      publishes: true,
      models: false,
      tools: false,
      runsInline: true,
    },
  },
  runs: {
    description: 'Runs: status, steps and event log; cancel requests; dead letters',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: {
      table: 'readWrite',
      // Dead-letter notes of redriven and discarded letters, the failed model attempts of a redriven run.
      deletesItems: true,
      blobs: 'read',
      publishes: true,
      models: false,
      tools: false,
      deadLetters: 'manage',
    },
  },
  prompts: {
    description: 'Prompts: versioned prompt templates',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'readWrite', blobs: 'none', publishes: false, models: false, tools: false },
  },
  teams: {
    description: 'Teams: versioned team definitions',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'readWrite', blobs: 'none', publishes: false, models: false, tools: false },
  },
  events: {
    // Runs it starts always travel async (the intake drafts them so): it never runs one inline, so it
    // never reads the model key or a tool secret, whatever the stage's API route.
    description: 'External events: trigger matching, starts runs',
    timeoutSeconds: API_TIMEOUT_SECONDS,
    memoryMb: 1024,
    access: {
      table: 'readWrite',
      // Idempotency-Key records of abandoned requests.
      deletesItems: true,
      blobs: 'readWrite',
      publishes: true,
      models: false,
      tools: false,
    },
  },
  admin: {
    description: 'Admin: API keys, triggers, tool catalog and replays of a tenant',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: {
      table: 'readWrite',
      blobs: 'none',
      publishes: false,
      models: false,
      tools: false,
      replays: true,
    },
  },
}

/** The run-start sweeper: finds runs still `requested` with their stored start event and publishes it. */
export const SWEEPER_PROFILE: FunctionProfile = {
  description: 'Run-start sweeper: re-publishes the start of runs a crash kept off the bus',
  timeoutSeconds: 60,
  memoryMb: 512,
  access: { table: 'readWrite', blobs: 'readWrite', publishes: true, models: false, tools: false },
}

/**
 * The API's REQUEST authorizer (ADR 0024): reads API key items (`T#<tenant>#APIKEY#<keyId>`) and
 * nothing else; the user pool's public keys come over HTTPS.
 */
export const AUTHORIZER_PROFILE: FunctionProfile = {
  description: 'API authorizer: the Cognito ID token, then the API key of its tenant',
  timeoutSeconds: 10,
  memoryMb: 512,
  access: { table: 'apiKeys', blobs: 'none', publishes: false, models: false, tools: false },
}

/**
 * The run event stream (ADR 0030): reads a run and its log, nothing else, and holds each answer open
 * for up to Lambda's 15 minutes (it ends it `STREAM_RESERVE_MS` before; the client resumes).
 */
export const RUN_STREAM_PROFILE: FunctionProfile = {
  description: "Run event stream: a run's events as server-sent events, read from its log",
  timeoutSeconds: 900,
  memoryMb: 512,
  access: { table: 'runItems', blobs: 'none', publishes: false, models: false, tools: false },
}

/** How often the sweeper looks for runs whose start was never published. */
export const SWEEP_EVERY_MINUTES = 5

/** The profile of an API group; throws for a group nobody has sized and scoped yet. */
export const apiProfile = (group: string): FunctionProfile => {
  const profile = (API_PROFILES as Readonly<Record<string, FunctionProfile | undefined>>)[group]
  if (!profile)
    throw new Error(
      `API group "${group}" has no profile: add its access and size to infra/config/functions.ts`,
    )
  return profile
}

/** A consumer the routes table gained without a profile here: state and events, no models. */
const DEFAULT_CONSUMER: ConsumerProfile = {
  description: 'Queue consumer',
  timeoutSeconds: 60,
  memoryMb: 1024,
  batchSize: 10,
  batchingWindowSeconds: 1,
  access: {
    table: 'readWrite',
    deletesItems: true,
    blobs: 'readWrite',
    publishes: true,
    models: false,
    tools: false,
  },
}

const CONSUMER_PROFILES: Readonly<Record<string, ConsumerProfile>> = {
  planner: {
    description: 'Planner: asks the model for a plan, validates and repairs it',
    timeoutSeconds: 300,
    memoryMb: 1024,
    batchSize: 5,
    batchingWindowSeconds: 0,
    access: {
      table: 'readWrite',
      deletesItems: true,
      blobs: 'readWrite',
      publishes: true,
      models: true,
      tools: false,
    },
  },
  supervisor: {
    // Short: it only advances the graph (no model calls), and its queue's visibility is 6x this.
    description: 'Supervisor: advances each run graph under the run lease',
    timeoutSeconds: 30,
    memoryMb: 1024,
    // A run's fan-in completions mostly land in one batch, handled in order under one lease.
    batchSize: 10,
    batchingWindowSeconds: 1,
    access: {
      table: 'readWrite',
      deletesItems: true,
      blobs: 'readWrite',
      publishes: true,
      models: false,
      tools: false,
    },
  },
  projector: {
    description: 'Projector: folds every event, live and replayed, into read models',
    timeoutSeconds: 60,
    memoryMb: 512,
    batchSize: 10,
    batchingWindowSeconds: 1,
    access: {
      table: 'readWrite',
      deletesItems: true,
      blobs: 'read',
      publishes: false,
      models: false,
      tools: false,
    },
  },
  /** The bus intake (ADR 0020): records outside events, starts runs, dead-letters refused events. */
  intake: {
    description: 'Bus intake: events of outside producers, matched against triggers',
    timeoutSeconds: 30,
    memoryMb: 512,
    batchSize: 10,
    batchingWindowSeconds: 1,
    access: {
      table: 'readWrite',
      blobs: 'none',
      publishes: true,
      models: false,
      tools: false,
      deadLetters: 'keep',
    },
  },
  [TASK_RUNNER_CONSUMER]: {
    description: 'Task runner: runs one step with its team (model and tool calls), up to 15 minutes',
    timeoutSeconds: 900,
    memoryMb: 2048,
    batchSize: 1,
    batchingWindowSeconds: 0,
    access: RUNS_EVERYTHING,
  },
}

/** The profile of a consumer's function: its own, or the default for a consumer new to the routes. */
export const consumerProfile = (consumer: string): ConsumerProfile =>
  CONSUMER_PROFILES[consumer] ?? DEFAULT_CONSUMER

/** SQS visibility timeout of a consumer's queue: AWS advises at least 6x the function timeout. */
export const visibilityTimeoutSeconds = (consumer: string): number =>
  6 * consumerProfile(consumer).timeoutSeconds
