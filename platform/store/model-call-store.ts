import { PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import type { Failure } from '#events'
import { makeModelCallEntity } from './entities/model-call.ts'
import { runPk, SK_PREFIX } from './keys.ts'
import type { ChorusTable } from './table.ts'

/** Outputs above this are cut in the record (an item holds 400 KB); `outputTruncated` says so. */
const MAX_OUTPUT_CHARS = 300_000

export interface ModelCallRecord {
  stepId: string
  callId: string
  provider: string
  model: string
  offline: boolean
  prompt?: { name: string; version: number }
  inputHash: string
  output: string
  outputTruncated: boolean
  usage: { inputTokens: number; outputTokens: number; totalTokens: number }
  latencyMs: number
  error?: Failure
  startedAt: string
  /** The chat's earlier turns as the planner sent them (JSON of the window), so a reader sees what it knew. */
  conversation?: string
}

/** Every model call of a run, kept for audit: audit replay feeds these back instead of calling a model. */
export interface ModelCallStore {
  record(
    key: { tenantId: string; runId: string },
    call: Omit<ModelCallRecord, 'outputTruncated'>,
  ): Promise<void>
  list(tenantId: string, runId: string): Promise<ModelCallRecord[]>
}

export const makeModelCallStore = (table: ChorusTable): ModelCallStore => {
  const calls = makeModelCallEntity(table)
  return {
    record: async ({ tenantId, runId }, { prompt, error, output, ...call }) => {
      await calls
        .build(PutItemCommand)
        .item({
          tenantId,
          runId,
          ...call,
          output: output.slice(0, MAX_OUTPUT_CHARS),
          outputTruncated: output.length > MAX_OUTPUT_CHARS,
          ...(prompt ? { promptName: prompt.name, promptVersion: prompt.version } : {}),
          ...(error ? { error } : {}),
        })
        .options({ condition: { attr: 'callId', exists: false } })
        .send()
    },
    list: async (tenantId, runId) => {
      const { Items = [] } = await table
        .build(QueryCommand)
        .query({ partition: runPk(tenantId, runId), range: { beginsWith: SK_PREFIX.modelCall } })
        .entities(calls)
        .options({ consistent: true, maxPages: Number.POSITIVE_INFINITY })
        .send()
      return Items.map(
        ({ tenantId: _t, runId: _r, promptName, promptVersion, error, conversation, ...call }) => ({
          ...call,
          ...(promptName && promptVersion ? { prompt: { name: promptName, version: promptVersion } } : {}),
          ...(error ? { error } : {}),
          ...(conversation !== undefined ? { conversation } : {}),
        }),
      )
    },
  }
}
