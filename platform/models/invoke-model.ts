import { createHash } from 'node:crypto'
import type { BaseMessage } from '@langchain/core/messages'
import { describeFailure, type ModelInfo, newId } from '#events'
import { ChorusError, describeError, isChorusError } from '../errors/index.ts'
import type { ModelCallStore } from '../store/index.ts'
import type { JsonAnswer, ModelProvider, ModelPurpose, ModelTool } from './provider.ts'
import { meterUsage } from './usage-meter.ts'

/** Where a model call belongs, so it can be recorded under its run and step. */
export interface ModelCallContext {
  tenantId: string
  runId: string
  /** The step the call is for, or `@planner`. */
  stepId: string
  prompt?: { name: string; version: number }
  /** Aborts the request in flight (the run was cancelled); the call is recorded as `model.aborted`. */
  signal?: AbortSignal
  /** The conversation window the messages carry (JSON), recorded with the call (ADR 0023). */
  conversation?: string
}

/** A call of a tool the model asked for. */
export interface ModelToolCall {
  id: string
  name: string
  args: Record<string, unknown>
}

export interface ModelAnswer {
  text: string
  /** Tools the model asked to call (when tools were offered). */
  toolCalls: ModelToolCall[]
  /** Set when the client could not read the answer (e.g. broken JSON for a JSON-schema request): why. */
  unreadable?: string
  usage: { inputTokens: number; outputTokens: number; totalTokens: number }
  info: ModelInfo
}

export type InvokeModel = (request: {
  purpose: ModelPurpose
  messages: BaseMessage[]
  json?: JsonAnswer
  tools?: readonly ModelTool[]
  call: ModelCallContext
}) => Promise<ModelAnswer>

/** A stable digest of what was asked: model and messages (role + text), for audit matching. */
export const hashModelInput = (model: string, messages: readonly BaseMessage[]): string =>
  createHash('sha256')
    .update(JSON.stringify({ model, messages: messages.map((m) => [m.type, m.text]) }))
    .digest('hex')

/** HTTP status codes after which the same request may succeed later. */
const RETRYABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504])

/** Errors of the OpenAI SDK for a complete response whose answer was cut off. */
const CUT_OFF = new Set(['LengthFinishReasonError', 'ContentFilterFinishReasonError'])

/** Turns a client error into a ChorusError that says whether a retry helps. */
export const modelError = (error: unknown): ChorusError => {
  if (isChorusError(error)) return error
  // An answer cut off at the token limit or by a content filter (the OpenAI SDK throws these for
  // JSON-schema requests): the model answered, a retry of the same request would not help.
  if (CUT_OFF.has((error as object | null)?.constructor?.name ?? ''))
    return new ChorusError(
      'model.invalidOutput',
      `the answer was cut off (${describeError(error).message})`,
      {
        cause: error,
      },
    )
  // The OpenAI client parses JSON-schema answers itself and throws on broken JSON: that is the
  // model's answer being invalid, which a repair round can fix, not a failed call.
  if (error instanceof SyntaxError)
    return new ChorusError('model.invalidOutput', `the answer is not valid JSON (${error.message})`, {
      cause: error,
    })
  const status = (error as { status?: unknown } | null)?.status
  const retryable = typeof status === 'number' ? RETRYABLE_STATUS.has(status) : true
  const message = describeError(error).message
  return new ChorusError(
    'model.failed',
    typeof status === 'number' ? `HTTP ${status}: ${message}` : message,
    {
      retryable,
      cause: error,
    },
  )
}

/** A call its caller aborted: final, since the caller no longer wants the answer. */
const abortedError = (cause: unknown) =>
  new ChorusError('model.aborted', 'the model call was aborted: its run was cancelled or ended', { cause })

/**
 * Calls a model once (one request) and records the call under its run: provider, model, prompt
 * version, input hash, full output, usage (also of a rejected answer), latency, and the error when it
 * fails. Retries belong to `withAttemptBudget`.
 */
export const makeModelInvoker =
  ({ models, calls }: { models: ModelProvider; calls: ModelCallStore }): InvokeModel =>
  async ({ purpose, messages, json, tools, call }) => {
    const { model, info } = models.chatModel(purpose, {
      ...(json ? { json } : {}),
      ...(tools ? { tools } : {}),
    })
    const startedAt = new Date()
    const base = {
      stepId: call.stepId,
      callId: newId(),
      provider: info.provider,
      model: info.model,
      offline: info.offline,
      ...(call.prompt ? { prompt: call.prompt } : {}),
      ...(call.conversation !== undefined ? { conversation: call.conversation } : {}),
      inputHash: hashModelInput(info.model, messages),
      startedAt: startedAt.toISOString(),
    }
    const key = { tenantId: call.tenantId, runId: call.runId }
    // The usage the server reported, also for an answer the client then rejects.
    const meter = meterUsage()
    try {
      const reply = await meter.run(() =>
        model.invoke(messages, call.signal ? { signal: call.signal } : undefined),
      )
      const usage = {
        inputTokens: reply.usage_metadata?.input_tokens ?? 0,
        outputTokens: reply.usage_metadata?.output_tokens ?? 0,
        totalTokens: reply.usage_metadata?.total_tokens ?? 0,
      }
      const latencyMs = Date.now() - startedAt.getTime()
      const toolCalls = (reply.tool_calls ?? []).map((c, i) => ({
        id: c.id ?? `call_${i}`,
        name: c.name,
        args: c.args,
      }))
      const output = toolCalls.length > 0 ? JSON.stringify({ text: reply.text, toolCalls }) : reply.text
      await calls.record(key, { ...base, output, usage, latencyMs })
      return { text: reply.text, toolCalls, usage, info }
    } catch (cause) {
      const error = call.signal?.aborted ? abortedError(cause) : modelError(cause)
      const latencyMs = Date.now() - startedAt.getTime()
      const usage = { ...meter.usage }
      await calls.record(key, { ...base, output: '', usage, latencyMs, error: describeFailure(error) })
      if (error.code === 'model.invalidOutput')
        return { text: '', toolCalls: [], unreadable: error.message, usage, info }
      throw error
    }
  }
