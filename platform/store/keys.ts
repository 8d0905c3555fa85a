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
  chatMessage: (tenantId: string, chatId: string, messageId: string) => ({
    PK: chatPk(tenantId, chatId),
    SK: `MSG#${messageId}`,
  }),
  dedup: (tenantId: string, consumer: string, eventId: string) => ({
    PK: `T#${tenantId}#DEDUP#${consumer}#${eventId}`,
    SK: '-',
  }),
} as const

/** Sort-key prefixes for queries within one run's partition. */
export const SK_PREFIX = { event: 'EVT#', step: 'STEP#', plan: 'PLAN#', message: 'MSG#' } as const

/** GSI keys: tenant's runs by time (GSI1) and the event archive by day (GSI2). */
export const gsi = {
  runsByTime: (tenantId: string, createdAt: string, runId: string) => ({
    GSI1PK: `T#${tenantId}#RUNS`,
    GSI1SK: `${createdAt}#${runId}`,
  }),
  archiveByDay: (occurredAt: string, tenantId: string, runId: string, seq: number) => ({
    GSI2PK: `ARCHIVE#${occurredAt.slice(0, 10)}`,
    GSI2SK: `${occurredAt}#${tenantId}#${runId}#${pad(seq, 10)}`,
  }),
} as const
