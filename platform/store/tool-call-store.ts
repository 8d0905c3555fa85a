import { PutItemCommand } from 'dynamodb-toolbox'
import { z } from 'zod'
import { makeToolCallEntity } from './entities/tool-call.ts'
import { runPk, SK_PREFIX } from './keys.ts'
import { rawQuery } from './raw-read.ts'
import { ToolCallItem } from './stored-items.ts'
import type { ChorusTable } from './table.ts'

const MAX_JSON_CHARS = 150_000

export interface ToolCallRecord {
  stepId: string
  callId: string
  tool: string
  input: unknown
  result: {
    ok: boolean
    data?: unknown
    meta?: unknown
    error?: { code: string; message: string; retryable: boolean }
  }
  durationMs: number
  startedAt: string
}

const Stored = z.object({ ok: z.boolean() }).loose()

/** A tool call item as its record shows it. */
export const toToolCallRecord = (item: z.output<typeof ToolCallItem>): ToolCallRecord => ({
  stepId: item.stepId,
  callId: item.callId,
  tool: item.tool,
  input: JSON.parse(item.inputJson) as unknown,
  result: Stored.parse(JSON.parse(item.resultJson)) as ToolCallRecord['result'],
  durationMs: item.durationMs,
  startedAt: item.startedAt,
})

/** The trace of every tool call of a run, by step. */
export interface ToolCallStore {
  record(key: { tenantId: string; runId: string }, call: ToolCallRecord): Promise<void>
  list(tenantId: string, runId: string): Promise<ToolCallRecord[]>
}

/** JSON that fits an item: large values are cut and marked. */
const jsonThatFits = (value: unknown) => {
  const json = JSON.stringify(value) ?? 'null'
  return json.length <= MAX_JSON_CHARS
    ? json
    : JSON.stringify({ truncated: true, preview: json.slice(0, MAX_JSON_CHARS) })
}

export const makeToolCallStore = (table: ChorusTable): ToolCallStore => {
  const calls = makeToolCallEntity(table)
  return {
    record: async ({ tenantId, runId }, call) => {
      await calls
        .build(PutItemCommand)
        .item({
          tenantId,
          runId,
          stepId: call.stepId,
          callId: call.callId,
          tool: call.tool,
          inputJson: jsonThatFits(call.input),
          resultJson: jsonThatFits(call.result),
          ok: call.result.ok,
          durationMs: call.durationMs,
          startedAt: call.startedAt,
        })
        .options({ condition: { attr: 'callId', exists: false } })
        .send()
    },
    // Read on every step (its usage): as stored, without toolbox's formatter (raw-read.ts).
    list: async (tenantId, runId) => {
      const Items = await rawQuery(
        calls,
        runPk(tenantId, runId),
        { beginsWith: SK_PREFIX.toolCall },
        ToolCallItem,
      )
      return Items.map(toToolCallRecord)
    },
  }
}
