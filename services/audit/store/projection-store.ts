import { GetItemCommand, PutItemCommand } from 'dynamodb-toolbox'
import { makeProjectionEntity } from '#platform/store/entities/projection.ts'
import { type ChorusTable, isConditionalFailure } from '#platform/store/table.ts'

/** A read model and the seq of the last event folded into it. */
export interface Projection<S> {
  state: S
  lastSeq: number
}

export interface ProjectionKey {
  tenantId: string
  runId: string
  view: string
}

/**
 * Read models folded from a run's events, one per view. Storage only: what to fold is the
 * caller's (the projector); every write is conditional on the seq the caller folded from, so two
 * writers racing never lose an update.
 */
export interface ProjectionStore<S> {
  get(key: ProjectionKey): Promise<Projection<S> | undefined>
  /**
   * Stores `next` if the view is still at seq `from` (0: no view yet). `moved` when another writer
   * advanced it first: nothing was written, read it again.
   */
  advance(key: ProjectionKey, from: number, next: Projection<S>): Promise<'advanced' | 'moved'>
}

export const makeProjectionStore = <S>(table: ChorusTable, clock = () => new Date()): ProjectionStore<S> => {
  const views = makeProjectionEntity(table)
  return {
    get: async (key) => {
      const { Item } = await views.build(GetItemCommand).key(key).options({ consistent: true }).send()
      return Item ? { state: JSON.parse(Item.stateJson) as S, lastSeq: Item.lastSeq } : undefined
    },
    advance: async (key, from, next) => {
      try {
        await views
          .build(PutItemCommand)
          .item({
            ...key,
            lastSeq: next.lastSeq,
            stateJson: JSON.stringify(next.state),
            updatedAt: clock().toISOString(),
          })
          .options({
            condition: from === 0 ? { attr: 'lastSeq', exists: false } : { attr: 'lastSeq', eq: from },
          })
          .send()
        return 'advanced'
      } catch (error) {
        if (isConditionalFailure(error)) return 'moved'
        throw error
      }
    },
  }
}
