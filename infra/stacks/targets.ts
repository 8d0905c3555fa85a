import type { RuntimeResources } from '../config/environment.ts'
import type { AccessTargets } from '../constructs/access-policy.ts'
import { blobBucketName } from '../naming.ts'
import { type DataStack, secretNames } from './data-stack.ts'
import type { EventsStack } from './events-stack.ts'

/** What functions may be granted, from the data and events stacks. */
export const accessTargets = (data: DataStack, events: EventsStack, stage: string): AccessTargets => ({
  table: data.table.table,
  tableKey: data.table.key,
  bucketName: blobBucketName(stage, data),
  bucketKey: data.blobs.key,
  bus: events.bus,
  archiveArn: events.archive.archiveArn,
  modelKey: data.modelKey,
  secretsKey: data.secretsKey,
  toolSecretPrefix: secretNames(stage).toolPrefix,
  queues: [...events.queues.values()].map((q) => ({
    queueArn: q.queue.queueArn,
    dlqArn: q.deadLetterQueue.queueArn,
    key: q.key,
  })),
})

/** The names functions are told about, from the data and events stacks. */
export const runtimeResources = (data: DataStack, events: EventsStack, stage: string): RuntimeResources => ({
  tableName: data.table.table.tableName,
  busName: events.bus.eventBusName,
  busArn: events.bus.eventBusArn,
  archiveArn: events.archive.archiveArn,
  bucketName: blobBucketName(stage, data),
  modelKeySecretArn: data.modelKey.secretArn,
  toolSecretPrefix: secretNames(stage).toolPrefix,
  queues: [...events.queues].map(([consumer, q]) => ({
    consumer,
    url: q.queue.queueUrl,
    dlqUrl: q.deadLetterQueue.queueUrl,
  })),
})
