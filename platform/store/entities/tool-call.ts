import { boolean, Entity, item, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** One tool call made by a step: its input, its ToolResult, how long it took. */
export const makeToolCallEntity = (table: ChorusTable) =>
  new Entity({
    name: 'ToolCall',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      stepId: string().key(),
      callId: string().key(),
      tool: string(),
      inputJson: string(),
      resultJson: string(),
      ok: boolean(),
      durationMs: number(),
      startedAt: string(),
    }),
    computeKey: ({ tenantId, runId, stepId, callId }) => keys.toolCall(tenantId, runId, stepId, callId),
  })
