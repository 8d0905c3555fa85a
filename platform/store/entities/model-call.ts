import { boolean, Entity, item, map, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** One model call made for a run: what was asked (by hash), what came back, what it cost. */
export const makeModelCallEntity = (table: ChorusTable) =>
  new Entity({
    name: 'ModelCall',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      stepId: string().key(),
      callId: string().key(),
      provider: string(),
      model: string(),
      offline: boolean(),
      promptName: string().optional(),
      promptVersion: number().optional(),
      inputHash: string(),
      output: string(),
      outputTruncated: boolean(),
      usage: map({ inputTokens: number(), outputTokens: number(), totalTokens: number() }),
      latencyMs: number(),
      error: map({ code: string(), message: string(), retryable: boolean() }).optional(),
      startedAt: string(),
      /** The conversation window the planner sent (JSON), when the run belongs to a chat with earlier turns. */
      conversation: string().optional(),
    }),
    computeKey: ({ tenantId, runId, stepId, callId }) => keys.modelCall(tenantId, runId, stepId, callId),
  })
