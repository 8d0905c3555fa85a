import { GetItemCommand, PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { expect, it } from 'vitest'
import { makeModelAttemptsEntity } from './entities/model-attempts.ts'
import { makeModelCallEntity } from './entities/model-call.ts'
import { makeToolCallEntity } from './entities/tool-call.ts'
import { runPk, SK_PREFIX } from './keys.ts'
import { makeModelAttemptStore } from './model-attempt-store.ts'
import { makeModelCallStore } from './model-call-store.ts'
import { describeOnBothEngines, runPartition } from './raw-ops.harness.ts'
import { rawGet } from './raw-read.ts'
import { ModelAttemptsItem } from './stored-items.ts'
import { makeToolCallStore } from './tool-call-store.ts'

/**
 * The call records sent raw (`raw-write.ts`, `raw-read.ts`) store and answer what toolbox's commands
 * do: a model call's record, a run's model and tool calls, a call's failed attempts (see
 * `raw-ops.harness.ts`).
 */
describeOnBothEngines("raw call records as toolbox's", ({ env, same }) => {
  it('records a model call, once per call id', async () => {
    const calls = makeModelCallEntity(env.table)
    const store = makeModelCallStore(env.table)
    const base = {
      stepId: 's1',
      callId: 'M1',
      provider: 'scripted',
      model: 'm',
      offline: true,
      inputHash: 'ih',
      output: 'answer',
      usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
      latencyMs: 12,
      startedAt: '2026-12-02T10:00:00.000Z',
    }
    for (const call of [
      base,
      {
        ...base,
        prompt: { name: 'planner', version: 2 },
        error: { code: 'model.failed', message: 'no', retryable: true },
        conversation: '[]',
      },
    ]) {
      const answers = await same({
        pk: runPartition,
        toolbox: async (runId) => {
          const { prompt, error, output, ...rest } = call as typeof base & {
            prompt?: { name: string; version: number }
            error?: { code: string; message: string; retryable: boolean }
          }
          await calls
            .build(PutItemCommand)
            .item({
              tenantId: 'acme',
              runId,
              ...rest,
              output,
              outputTruncated: false,
              ...(prompt ? { promptName: prompt.name, promptVersion: prompt.version } : {}),
              ...(error ? { error } : {}),
            })
            .options({ condition: { attr: 'callId', exists: false } })
            .send()
        },
        raw: (runId) => store.record({ tenantId: 'acme', runId }, call),
      })
      expect(answers[1]).toEqual({ error: 'ConditionalCheckFailedException' })
    }
  })

  it("lists a run's model calls", async () => {
    const calls = makeModelCallEntity(env.table)
    const modelCalls = makeModelCallStore(env.table)
    const seed = async (runId: string) => {
      for (const [i, extra] of [
        {},
        { promptName: 'p', promptVersion: 3, conversation: '[]' },
        { error: { code: 'model.failed', message: 'no', retryable: false } },
      ].entries())
        await calls
          .build(PutItemCommand)
          .item({
            tenantId: 'acme',
            runId,
            stepId: `s${i}`,
            callId: `M${i}`,
            provider: 'scripted',
            model: 'm',
            offline: true,
            inputHash: 'ih',
            output: 'o',
            outputTruncated: false,
            usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
            latencyMs: 4,
            startedAt: 't',
            ...extra,
          })
          .send()
    }
    const [listed] = await same({
      pk: runPartition,
      seed,
      toolbox: async (runId) => {
        const { Items = [] } = await env.table
          .build(QueryCommand)
          .query({ partition: runPk('acme', runId), range: { beginsWith: SK_PREFIX.modelCall } })
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
      raw: (runId) => modelCalls.list('acme', runId),
    })
    expect((listed as { result: unknown[] }).result).toHaveLength(3)
  })

  it("lists a run's tool calls", async () => {
    const tools = makeToolCallEntity(env.table)
    const toolCalls = makeToolCallStore(env.table)
    await same({
      pk: runPartition,
      seed: async (runId) => {
        for (const ok of [true, false])
          await toolCalls.record(
            { tenantId: 'acme', runId },
            {
              stepId: 's1',
              callId: `C${ok}`,
              tool: 'http',
              input: { a: 1 },
              result: ok ? { ok, data: 2 } : { ok, error: { code: 'x', message: 'm', retryable: true } },
              durationMs: 5,
              startedAt: 't',
            },
          )
      },
      toolbox: async (runId) => {
        const { Items = [] } = await env.table
          .build(QueryCommand)
          .query({ partition: runPk('acme', runId), range: { beginsWith: SK_PREFIX.toolCall } })
          .entities(tools)
          .options({ consistent: true, maxPages: Number.POSITIVE_INFINITY })
          .send()
        return Items.map(({ stepId, callId, tool, inputJson, resultJson, durationMs, startedAt }) => ({
          stepId,
          callId,
          tool,
          input: JSON.parse(inputJson),
          result: JSON.parse(resultJson),
          durationMs,
          startedAt,
        }))
      },
      raw: (runId) => toolCalls.list('acme', runId),
    })
  })

  it("reads a model call's failed attempts", async () => {
    const attempts = makeModelAttemptsEntity(env.table)
    const store = makeModelAttemptStore(env.table)
    const key = (runId: string) => ({ tenantId: 'acme', runId, stepId: 's1', inputHash: 'ih' })
    for (const final of [false, true])
      for (const seeded of [true, false])
        await same({
          pk: runPartition,
          ...(seeded
            ? {
                seed: async (runId: string) => {
                  await store.fail(
                    key(runId),
                    { code: 'model.failed', message: 'no', retryable: !final },
                    final,
                  )
                },
              }
            : {}),
          toolbox: async (runId) => {
            const { Item } = await attempts
              .build(GetItemCommand)
              .key(key(runId))
              .options({ consistent: true })
              .send()
            return Item
              ? {
                  failures: Item.failures,
                  ...(Item.final !== undefined ? { final: Item.final } : {}),
                  last: Item.last,
                }
              : undefined
          },
          raw: (runId) => rawGet(attempts, key(runId), ModelAttemptsItem),
        })
  })
})
