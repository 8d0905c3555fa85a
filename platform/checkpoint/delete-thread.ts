import { BatchDeleteRequest, BatchWriteCommand, executeBatchWrite, QueryCommand } from 'dynamodb-toolbox'
import { ChorusError } from '../errors/index.ts'
import { CHECKPOINT_SK_PREFIXES } from '../store/keys.ts'
import type { SaverContext } from './context.ts'
import { collect, paginate } from './pages.ts'

const BATCH_WRITE_LIMIT = 25
const BATCH_WRITE_ATTEMPTS = 8

/**
 * `deleteThread`: removes every checkpoint, head, value and write item of the thread (the run's
 * other items in the same partition stay), then its offloaded payloads in the blob store.
 */
export const deleteThread = async (ctx: SaverContext, threadId: string): Promise<void> => {
  const { pk, blobPrefix } = ctx.locate(threadId)
  for (const prefix of CHECKPOINT_SK_PREFIXES) {
    const keys = await collect(
      paginate(
        (exclusiveStartKey) =>
          ctx.table
            .build(QueryCommand)
            .query({ partition: pk, range: { beginsWith: prefix } })
            .options({
              consistent: true,
              attributes: ['PK', 'SK'],
              ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
            })
            .send() as Promise<{
            Items?: { PK: string; SK: string }[]
            LastEvaluatedKey?: Record<string, unknown>
          }>,
      ),
    )
    for (let start = 0; start < keys.length; start += BATCH_WRITE_LIMIT) {
      const chunk = keys.slice(start, start + BATCH_WRITE_LIMIT)
      const command = ctx.table
        .build(BatchWriteCommand)
        .requests(
          ...chunk.map(({ PK, SK }) => ctx.entities.checkpoint.build(BatchDeleteRequest).key({ PK, SK })),
        )
      const { UnprocessedItems } = await executeBatchWrite({ maxAttempts: BATCH_WRITE_ATTEMPTS }, command)
      if (UnprocessedItems && Object.keys(UnprocessedItems).length > 0)
        throw new ChorusError('internal', 'DynamoDB left checkpoint items undeleted; try again', {
          retryable: true,
        })
    }
  }
  await ctx.blobs.delete(blobPrefix)
}
