import type { z } from 'zod'
import type { Failure } from '#events'
import { makeModelCallEntity } from './entities/model-call.ts'
import { runPk, SK_PREFIX } from './keys.ts'
import { rawQuery } from './raw-read.ts'
import { rawPutItem } from './raw-write.ts'
import { ModelCallItem } from './stored-items.ts'
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

/** A model call item as its record shows it. */
export const toModelCallRecord = ({
  tenantId: _t,
  runId: _r,
  promptName,
  promptVersion,
  error,
  conversation,
  ...call
}: z.output<typeof ModelCallItem>): ModelCallRecord => ({
  ...call,
  ...(promptName && promptVersion ? { prompt: { name: promptName, version: promptVersion } } : {}),
  ...(error ? { error } : {}),
  ...(conversation !== undefined ? { conversation } : {}),
})

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
    // Every model call writes one: built as stored, without toolbox's parser (raw-write.ts). Each
    // attribute is named, as toolbox's parser keeps only the schema's attributes.
    record: async ({ tenantId, runId }, call) => {
      const { prompt, error, usage, conversation } = call
      await rawPutItem(
        calls,
        {
          tenantId,
          runId,
          stepId: call.stepId,
          callId: call.callId,
          provider: call.provider,
          model: call.model,
          offline: call.offline,
          inputHash: call.inputHash,
          output: call.output.slice(0, MAX_OUTPUT_CHARS),
          outputTruncated: call.output.length > MAX_OUTPUT_CHARS,
          usage: {
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            totalTokens: usage.totalTokens,
          },
          latencyMs: call.latencyMs,
          startedAt: call.startedAt,
          ...(prompt ? { promptName: prompt.name, promptVersion: prompt.version } : {}),
          ...(error
            ? { error: { code: error.code, message: error.message, retryable: error.retryable } }
            : {}),
          ...(conversation !== undefined ? { conversation } : {}),
        },
        { attr: 'callId', exists: false },
      )
    },
    // Read on every step (its usage): as stored, without toolbox's formatter (raw-read.ts).
    list: async (tenantId, runId) => {
      const Items = await rawQuery(
        calls,
        runPk(tenantId, runId),
        { beginsWith: SK_PREFIX.modelCall },
        ModelCallItem,
      )
      return Items.map(toModelCallRecord)
    },
  }
}
