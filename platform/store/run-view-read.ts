import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { Envelope } from '#events'
import { makeEventEntity } from './entities/event.ts'
import { makeModelCallEntity } from './entities/model-call.ts'
import { makePlanEntity } from './entities/plan.ts'
import { makeRunEntity } from './entities/run.ts'
import { makeStepEntity } from './entities/step.ts'
import { makeToolCallEntity } from './entities/tool-call.ts'
import { decodeEvent } from './event-log.ts'
import { keys, runPk, SK_PREFIX } from './keys.ts'
import { type ModelCallRecord, toModelCallRecord } from './model-call-store.ts'
import { type PlanRecord, toPlanRecord } from './plan-record.ts'
import { decodeItem } from './raw-read.ts'
import { type RunRecord, type StepRecord, toRunRecord, toStepRecord } from './run-record.ts'
import { EventBody, ModelCallItem, PlanItem, RunItem, StepItem, ToolCallItem } from './stored-items.ts'
import type { ChorusTable } from './table.ts'
import { type ToolCallRecord, toToolCallRecord } from './tool-call-store.ts'

/** A run and everything the run view shows of it, as the separate reads of each answer them. */
export interface RunContents {
  run: RunRecord
  /** The latest revision of the plan. */
  plan?: PlanRecord
  /** In sort key order (by step id), as `listSteps` answers. */
  steps: StepRecord[]
  /** In `seq` order, as `EventLog.list` answers. */
  events: Envelope[]
  /** In sort key order, as `ModelCallStore.list` answers. */
  modelCalls: ModelCallRecord[]
  toolCalls: ToolCallRecord[]
}

/**
 * The sort-key range of a run's partition that holds what the run view shows. A partition sorts
 * `BLOB# CP# DLQ# EVT# EVTID# META MODEL# PLAN# RESUME# STEP# TOOL# TRY# VIEW# WRITE#`
 * (keys.ts): from the first event to the last tool call lie the events, the event-id markers, the
 * run, its model calls, plans, resumptions, steps and tool calls. The checkpoints (`CP#`, `BLOB#`,
 * `WRITE#`, the large items of a partition), dead-letter notes, model attempts and projections lie
 * outside it. `$` sorts right after `#`, so `TOOL$` bounds every `TOOL#…` key.
 */
const FIRST = SK_PREFIX.event
const LAST = `${SK_PREFIX.toolCall.slice(0, -1)}$`

/**
 * Reads a run's contents with one query of its partition (page after page), instead of a read of
 * the run and five queries. Sent as stored, without toolbox's formatter (raw-read.ts); each item is
 * kept only if its entity attribute names the entity its sort key is for, as each separate read's
 * entity filter does, and decoded with the schema and the conversion that read uses. The
 * event-id markers (small, one per event: about a tenth of a 3-step run's range) and resumptions are
 * read and left out here. A filter on the entity attribute would read them all the same (DynamoDB
 * filters after reading, and bills what it read) and costs the embedded engine about as much as
 * skipping them here; two queries that leave the markers out (events; `META` to tool calls) read a
 * little less but send two requests, each with its own overhead on DynamoDB.
 */
export const makeRunContentsRead = (table: ChorusTable) => {
  const entity = {
    run: makeRunEntity(table),
    plan: makePlanEntity(table),
    step: makeStepEntity(table),
    event: makeEventEntity(table),
    modelCall: makeModelCallEntity(table),
    toolCall: makeToolCallEntity(table),
  }
  const sk = (table.sortKey as { name: string }).name
  const et = table.entityAttributeSavedAs
  const input = (tenantId: string, runId: string) => ({
    TableName: table.getName(),
    ConsistentRead: true,
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :first AND :last',
    ExpressionAttributeNames: { '#pk': table.partitionKey.name, '#sk': sk },
    ExpressionAttributeValues: { ':pk': runPk(tenantId, runId), ':first': FIRST, ':last': LAST },
  })
  const runKey = keys.run('', '').SK

  return async (tenantId: string, runId: string): Promise<RunContents | undefined> => {
    let run: RunRecord | undefined
    let plan: Record<string, unknown> | undefined
    const steps: StepRecord[] = []
    const events: Envelope[] = []
    const modelCalls: ModelCallRecord[] = []
    const toolCalls: ToolCallRecord[] = []
    const client = table.getDocumentClient()
    const query = input(tenantId, runId)
    let start: Record<string, unknown> | undefined
    do {
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({ ...query, ...(start ? { ExclusiveStartKey: start } : {}) }),
      )
      for (const item of Items) {
        const key = item[sk] as string
        switch (item[et]) {
          case entity.event.entityName:
            if (key.startsWith(SK_PREFIX.event))
              events.push(decodeEvent(decodeItem(entity.event, EventBody, item).body))
            break
          case entity.run.entityName:
            if (key === runKey) run = toRunRecord(decodeItem(entity.run, RunItem, item))
            break
          case entity.modelCall.entityName:
            if (key.startsWith(SK_PREFIX.modelCall))
              modelCalls.push(toModelCallRecord(decodeItem(entity.modelCall, ModelCallItem, item)))
            break
          // Revisions sort in order: the last one read is the latest, and only it is decoded.
          case entity.plan.entityName:
            if (key.startsWith(SK_PREFIX.plan)) plan = item
            break
          case entity.step.entityName:
            if (key.startsWith(SK_PREFIX.step))
              steps.push(toStepRecord(decodeItem(entity.step, StepItem, item)))
            break
          case entity.toolCall.entityName:
            if (key.startsWith(SK_PREFIX.toolCall))
              toolCalls.push(toToolCallRecord(decodeItem(entity.toolCall, ToolCallItem, item)))
            break
        }
      }
      start = LastEvaluatedKey
    } while (start)
    if (!run) return undefined
    return {
      run,
      ...(plan ? { plan: toPlanRecord(decodeItem(entity.plan, PlanItem, plan)) } : {}),
      steps,
      events,
      modelCalls,
      toolCalls,
    }
  }
}
