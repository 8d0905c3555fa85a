/**
 * Every key of the single table is composed here, tenant first, so that no code path can
 * reach one tenant's items with another tenant's key.
 */
const pad = (n: number, width: number) => String(n).padStart(width, '0')

export const runPk = (tenantId: string, runId: string) => `T#${tenantId}#RUN#${runId}`
export const chatPk = (tenantId: string, chatId: string) => `T#${tenantId}#CHAT#${chatId}`

export const keys = {
  run: (tenantId: string, runId: string) => ({ PK: runPk(tenantId, runId), SK: 'META' }),
  plan: (tenantId: string, runId: string, revision: number) => ({
    PK: runPk(tenantId, runId),
    SK: `PLAN#${pad(revision, 4)}`,
  }),
  step: (tenantId: string, runId: string, stepId: string) => ({
    PK: runPk(tenantId, runId),
    SK: `STEP#${stepId}`,
  }),
  event: (tenantId: string, runId: string, seq: number) => ({
    PK: runPk(tenantId, runId),
    SK: `EVT#${pad(seq, 10)}`,
  }),
  eventMarker: (tenantId: string, runId: string, eventId: string) => ({
    PK: runPk(tenantId, runId),
    SK: `EVTID#${eventId}`,
  }),
  /** A chat's own item (title, creation time), beside its messages. */
  chat: (tenantId: string, chatId: string) => ({ PK: chatPk(tenantId, chatId), SK: 'META' }),
  chatMessage: (tenantId: string, chatId: string, messageId: string) => ({
    PK: chatPk(tenantId, chatId),
    SK: `MSG#${messageId}`,
  }),
  /** A version of a definition kept as data (a team, a prompt). */
  definition: (tenantId: string, kind: DefinitionKind, name: string, version: number) => ({
    PK: `T#${tenantId}#${kind}#${name}`,
    SK: `V#${pad(version, 6)}`,
  }),
  toolCall: (tenantId: string, runId: string, stepId: string, callId: string) => ({
    PK: runPk(tenantId, runId),
    SK: `TOOL#${stepId}#${callId}`,
  }),
  modelCall: (tenantId: string, runId: string, stepId: string, callId: string) => ({
    PK: runPk(tenantId, runId),
    SK: `MODEL#${stepId}#${callId}`,
  }),
  /** The failed attempts of one model call: its step and input hash (ADR 0013). */
  modelAttempts: (tenantId: string, runId: string, stepId: string, inputHash: string) => ({
    PK: runPk(tenantId, runId),
    SK: `TRY#${stepId}#${inputHash}`,
  }),
  /** Why a consumer's queue gave up on an event, kept beside its run while the message waits in the DLQ. */
  deadLetterNote: (tenantId: string, runId: string, consumer: string, eventId: string) => ({
    PK: runPk(tenantId, runId),
    SK: `DLQ#${consumer}#${eventId}`,
  }),
  /** A failed run put back on its way by the redrive of the dead letter that failed it. */
  runResumption: (tenantId: string, runId: string, failedEventId: string) => ({
    PK: runPk(tenantId, runId),
    SK: `RESUME#${failedEventId}`,
  }),
  dedup: (tenantId: string, consumer: string, eventId: string) => ({
    PK: `T#${tenantId}#DEDUP#${consumer}#${eventId}`,
    SK: '-',
  }),
  /** An API key of a tenant, by its public id; only its hash is stored. */
  apiKey: (tenantId: string, keyId: string) => ({ PK: `T#${tenantId}#APIKEY#${keyId}`, SK: '-' }),
  /** The first result of an HTTP request sent with an `Idempotency-Key`. */
  idempotentRequest: (tenantId: string, key: string) => ({ PK: `T#${tenantId}#IDEM#${key}`, SK: '-' }),
  /** What one ended run's steps of one team used on one day (ADR 0031), by day for `GET /usage`. */
  usage: (tenantId: string, day: string, runId: string, team: string) => ({
    PK: usagePk(tenantId),
    SK: `${day}#${runId}#${team}`,
  }),
} as const

/** A tenant's usage ledger: one partition, sorted by day. */
export const usagePk = (tenantId: string) => `T#${tenantId}#USAGE`

/** Kinds of versioned definitions; each has its own partition per name and GSI1 listing. */
export type DefinitionKind = 'TEAM' | 'PROMPT' | 'TOOL' | 'TRIGGER'

/** Sort-key prefixes for queries within one partition. */
export const SK_PREFIX = {
  event: 'EVT#',
  step: 'STEP#',
  plan: 'PLAN#',
  message: 'MSG#',
  modelCall: 'MODEL#',
  modelAttempts: 'TRY#',
  toolCall: 'TOOL#',
  version: 'V#',
} as const

/** GSI keys: tenant's runs and chats by time (GSI1), runs by status and the event archive by day (GSI2). */
export const gsi = {
  runsByTime: (tenantId: string, createdAt: string, runId: string) => ({
    GSI1PK: `T#${tenantId}#RUNS`,
    GSI1SK: `${createdAt}#${runId}`,
  }),
  /** The GSI2 partition of a tenant's runs in one status; a status change moves the run to another one. */
  runStatusPk: (tenantId: string, status: string) => `T#${tenantId}#RUNSTATUS#${status}`,
  runsByStatus: (tenantId: string, status: string, createdAt: string, runId: string) => ({
    GSI2PK: gsi.runStatusPk(tenantId, status),
    GSI2SK: `${createdAt}#${runId}`,
  }),
  chatsByTime: (tenantId: string, createdAt: string, chatId: string) => ({
    GSI1PK: `T#${tenantId}#CHATS`,
    GSI1SK: `${createdAt}#${chatId}`,
  }),
  definitionsByName: (tenantId: string, kind: DefinitionKind, name: string, version: number) => ({
    GSI1PK: `T#${tenantId}#${kind}S`,
    GSI1SK: `${name}#${pad(version, 6)}`,
  }),
  archiveByDay: (occurredAt: string, tenantId: string, runId: string, seq: number) => ({
    GSI2PK: `ARCHIVE#${occurredAt.slice(0, 10)}`,
    GSI2SK: `${occurredAt}#${tenantId}#${runId}#${pad(seq, 10)}`,
  }),
} as const

// ── checkpoints (platform/checkpoint) ───────────────────────────────────────────────────────
// A LangGraph thread lives in one partition: the run's (`runPk`) for Chorus runs, else
// `THREAD#<threadId>`. Free-form parts are escaped so that `#` only ever separates parts.

/** Escapes `%` and `#` so a free-form key part (namespace, id, channel) can never forge a separator. */
export const escapeKeyPart = (part: string) => part.replaceAll('%', '%25').replaceAll('#', '%23')
const unescapeKeyPart = (part: string) => part.replaceAll('%23', '#').replaceAll('%25', '%')

/** Partition of a LangGraph thread that is not a Chorus run (tests, tools). */
export const threadPk = (threadId: string) => `THREAD#${threadId}`

export const checkpointKeys = {
  /** The head of a namespace: which checkpoint is the latest, and who wrote it. */
  head: (ns: string) => `CP#${escapeKeyPart(ns)}`,
  checkpoint: (ns: string, checkpointId: string) => `CP#${escapeKeyPart(ns)}#${escapeKeyPart(checkpointId)}`,
  /** Prefix of every checkpoint of a namespace (`CP#<ns>#`), ordered by checkpoint id. */
  checkpointsOf: (ns: string) => `CP#${escapeKeyPart(ns)}#`,
  /** The values of every channel that got `version` in one step (LangGraph gives them all the same one). */
  valuesAt: (ns: string, version: string | number) =>
    `BLOB#${escapeKeyPart(ns)}#${escapeKeyPart(String(version))}`,
  /** The writes of a task against a checkpoint: its regular writes (`slot` R) or one special write (its idx). */
  writes: (ns: string, checkpointId: string, taskId: string, slot: 'R' | number) =>
    `WRITE#${escapeKeyPart(ns)}#${escapeKeyPart(checkpointId)}#${escapeKeyPart(taskId)}#${slot}`,
  writesOf: (ns: string, checkpointId: string) =>
    `WRITE#${escapeKeyPart(ns)}#${escapeKeyPart(checkpointId)}#`,
  /** Sort-key bounds (inclusive) of the writes of every checkpoint whose id lies between two ids. */
  writesBetween: (ns: string, checkpointIds: readonly string[]): [string, string] => {
    const escaped = checkpointIds.map(escapeKeyPart).sort()
    const prefix = `WRITE#${escapeKeyPart(ns)}#`
    // `$` sorts right after `#`, so `<prefix><max>$` bounds every key `<prefix><max>#…`.
    return [`${prefix}${escaped[0] ?? ''}#`, `${prefix}${escaped.at(-1) ?? ''}$`]
  },
  /** Reads `{ ns, checkpointId }` back from a checkpoint sort key; undefined for any other key. */
  parseCheckpoint: (sk: string): { ns: string; checkpointId: string } | undefined => {
    const parts = sk.split('#')
    if (parts.length !== 3 || parts[0] !== 'CP') return undefined
    return { ns: unescapeKeyPart(parts[1] ?? ''), checkpointId: unescapeKeyPart(parts[2] ?? '') }
  },
  /** Reads `{ ns, checkpointId, taskId }` back from a pending-writes sort key; undefined for any other key. */
  parseWrites: (sk: string): { ns: string; checkpointId: string; taskId: string } | undefined => {
    const parts = sk.split('#')
    if (parts.length !== 5 || parts[0] !== 'WRITE') return undefined
    const [ns, checkpointId, taskId] = parts.slice(1, 4).map(unescapeKeyPart)
    return { ns: ns ?? '', checkpointId: checkpointId ?? '', taskId: taskId ?? '' }
  },
} as const

/** Sort-key prefixes of every checkpoint item in a thread's partition (`deleteThread` removes these only). */
export const CHECKPOINT_SK_PREFIXES = ['CP#', 'BLOB#', 'WRITE#'] as const
