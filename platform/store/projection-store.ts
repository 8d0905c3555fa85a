import { GetItemCommand, PutItemCommand } from 'dynamodb-toolbox'
import { ChorusError } from '../errors/index.ts'
import { makeProjectionEntity } from './entities/projection.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

export interface Projection<S> {
  state: S
  lastSeq: number
}

/**
 * Read models folded from a run's events, one per view. Each event is applied once and in seq
 * order: an old seq is a duplicate (skipped), a seq ahead of the next one waits (retryable).
 */
export interface ProjectionStore<S> {
  apply(
    key: { tenantId: string; runId: string; view: string },
    seq: number,
    reduce: (state: S) => S,
  ): Promise<'applied' | 'duplicate'>
  get(key: { tenantId: string; runId: string; view: string }): Promise<Projection<S> | undefined>
}

export const makeProjectionStore = <S>(
  table: ChorusTable,
  initial: (runId: string) => S,
  clock = () => new Date(),
): ProjectionStore<S> => {
  const views = makeProjectionEntity(table)
  const get: ProjectionStore<S>['get'] = async (key) => {
    const { Item } = await views.build(GetItemCommand).key(key).options({ consistent: true }).send()
    return Item ? { state: JSON.parse(Item.stateJson) as S, lastSeq: Item.lastSeq } : undefined
  }
  return {
    get,
    apply: async (key, seq, reduce) => {
      const current = (await get(key)) ?? { state: initial(key.runId), lastSeq: 0 }
      if (seq <= current.lastSeq) return 'duplicate'
      if (seq !== current.lastSeq + 1)
        throw new ChorusError(
          'store.conflict',
          `view ${key.view} of run ${key.runId} waits for seq ${current.lastSeq + 1}, got ${seq}`,
          { retryable: true },
        )
      try {
        await views
          .build(PutItemCommand)
          .item({
            ...key,
            lastSeq: seq,
            stateJson: JSON.stringify(reduce(current.state)),
            updatedAt: clock().toISOString(),
          })
          .options({
            condition:
              current.lastSeq === 0
                ? { attr: 'lastSeq', exists: false }
                : { attr: 'lastSeq', eq: current.lastSeq },
          })
          .send()
        return 'applied'
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
        throw new ChorusError(
          'store.conflict',
          `view ${key.view} of run ${key.runId} moved on concurrently`,
          { retryable: true },
        )
      }
    },
  }
}
