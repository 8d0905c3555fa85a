import { PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import type { z } from 'zod'
import { makeDefinitionEntity } from './entities/definition.ts'
import { type DefinitionKind, gsi, keys, SK_PREFIX } from './keys.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

export interface Versioned<T> {
  definition: T
  version: number
  createdAt: string
}

/** Versioned definitions of one kind (teams, prompts) per tenant; the latest version is the live one. */
export interface DefinitionStore<T> {
  /** Saves a new version (1 for a new name) and returns it. */
  save(tenantId: string, name: string, definition: T): Promise<Versioned<T>>
  /** Saves version 1 unless the name exists; true when it was created. */
  seed(tenantId: string, name: string, definition: T): Promise<boolean>
  /** The latest version, or the given one. */
  get(tenantId: string, name: string, version?: number): Promise<Versioned<T> | undefined>
  /** The latest version of every name. */
  list(tenantId: string): Promise<Versioned<T>[]>
}

export const makeDefinitionStore = <S extends z.ZodType>(
  table: ChorusTable,
  kind: DefinitionKind,
  schema: S,
  clock: () => Date = () => new Date(),
): DefinitionStore<z.infer<S>> => {
  type T = z.infer<S>
  const entity = makeDefinitionEntity(table, kind)
  const decode = (item: { definitionJson: string; version: number; createdAt: string }): Versioned<T> => ({
    definition: schema.parse(JSON.parse(item.definitionJson)),
    version: item.version,
    createdAt: item.createdAt,
  })

  const get: DefinitionStore<T>['get'] = async (tenantId, name, version) => {
    const pk = keys.definition(tenantId, kind, name, 0).PK
    const range =
      version === undefined
        ? { beginsWith: SK_PREFIX.version }
        : { eq: keys.definition(tenantId, kind, name, version).SK }
    const { Items } = await table
      .build(QueryCommand)
      .query({ partition: pk, range })
      .entities(entity)
      .options({ reverse: true, limit: 1, consistent: true })
      .send()
    const found = Items?.[0]
    return found ? decode(found) : undefined
  }

  const put = async (
    tenantId: string,
    name: string,
    definition: T,
    version: number,
  ): Promise<Versioned<T>> => {
    const createdAt = clock().toISOString()
    await entity
      .build(PutItemCommand)
      .item({
        tenantId,
        name,
        version,
        definitionJson: JSON.stringify(schema.parse(definition)),
        createdAt,
        ...gsi.definitionsByName(tenantId, kind, name, version),
      })
      .options({ condition: { attr: 'version', exists: false } })
      .send()
    return { definition, version, createdAt }
  }

  return {
    get,
    save: async (tenantId, name, definition) => {
      for (;;) {
        const version = ((await get(tenantId, name))?.version ?? 0) + 1
        try {
          return await put(tenantId, name, definition, version)
        } catch (error) {
          if (!isConditionalFailure(error)) throw error // a concurrent save took this version: go again
        }
      }
    },
    seed: async (tenantId, name, definition) => {
      try {
        await put(tenantId, name, definition, 1)
        return true
      } catch (error) {
        if (isConditionalFailure(error)) return false
        throw error
      }
    },
    list: async (tenantId) => {
      const { Items = [] } = await table
        .build(QueryCommand)
        .query({ index: 'GSI1', partition: gsi.definitionsByName(tenantId, kind, '', 0).GSI1PK })
        .entities(entity)
        .options({ maxPages: Number.POSITIVE_INFINITY })
        .send()
      const latest = new Map<string, (typeof Items)[number]>()
      for (const found of Items) latest.set(found.name, found) // ascending name#version: the last one wins
      return [...latest.values()].map(decode)
    },
  }
}
