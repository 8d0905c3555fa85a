import { createHash } from 'node:crypto'
import { type CallCommitment, canonicalJson } from '#events'
import type { ModelCallRecord } from './model-call-store.ts'
import type { ToolCallRecord } from './tool-call-store.ts'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The digest of a model call record as stored (every field an audit or a client reads). */
export const modelCallDigest = (r: ModelCallRecord): string =>
  sha256(
    canonicalJson({
      kind: 'model',
      stepId: r.stepId,
      callId: r.callId,
      provider: r.provider,
      model: r.model,
      offline: r.offline,
      prompt: r.prompt,
      inputHash: r.inputHash,
      output: r.output,
      outputTruncated: r.outputTruncated,
      usage: r.usage,
      latencyMs: r.latencyMs,
      error: r.error,
      startedAt: r.startedAt,
      // Absent on calls without a conversation window, so their digests are as before.
      conversation: r.conversation,
    }),
  )

/** The digest of a tool call record as stored: input and result as they read back. */
export const toolCallDigest = (r: ToolCallRecord): string =>
  sha256(
    canonicalJson({
      kind: 'tool',
      stepId: r.stepId,
      callId: r.callId,
      tool: r.tool,
      input: r.input,
      result: r.result,
      durationMs: r.durationMs,
      startedAt: r.startedAt,
    }),
  )

/**
 * The commitments an event makes to one step's stored calls (the planner's under its own step id),
 * ordered by kind and call id so the same records always give the same list.
 */
export const commitCalls = (
  stepId: string,
  models: readonly ModelCallRecord[],
  tools: readonly ToolCallRecord[],
): CallCommitment[] => [
  ...models
    .filter((r) => r.stepId === stepId)
    .map((r) => ({ kind: 'model' as const, callId: r.callId, digest: modelCallDigest(r) }))
    .sort((a, b) => a.callId.localeCompare(b.callId)),
  ...tools
    .filter((r) => r.stepId === stepId)
    .map((r) => ({ kind: 'tool' as const, callId: r.callId, digest: toolCallDigest(r) }))
    .sort((a, b) => a.callId.localeCompare(b.callId)),
]

/** Reads a step's stored calls and commits to them: what a step or plan event carries in `calls`. */
export const readCommitments = async (
  stores: {
    modelCalls: { list(tenantId: string, runId: string): Promise<ModelCallRecord[]> }
    toolCalls?: { list(tenantId: string, runId: string): Promise<ToolCallRecord[]> }
  },
  key: { tenantId: string; runId: string; stepId: string },
): Promise<CallCommitment[]> => {
  const [models, tools] = await Promise.all([
    stores.modelCalls.list(key.tenantId, key.runId),
    stores.toolCalls ? stores.toolCalls.list(key.tenantId, key.runId) : Promise.resolve([]),
  ])
  return commitCalls(key.stepId, models, tools)
}
