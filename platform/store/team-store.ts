import { PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { TeamDefinition } from '../teams/index.ts'
import { makeTeamEntity } from './entities/team.ts'
import { gsi, keys } from './keys.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

export interface TeamRecord {
  definition: TeamDefinition
  version: number
  createdAt: string
}

/** Versioned team definitions of a tenant; the latest version is the live one. */
export interface TeamStore {
  /** Saves a new version (1 for a new team) and returns it. */
  save(tenantId: string, definition: TeamDefinition): Promise<TeamRecord>
  /** Saves version 1 unless the team exists; true when it was created. */
  seed(tenantId: string, definition: TeamDefinition): Promise<boolean>
  get(tenantId: string, name: string): Promise<TeamRecord | undefined>
  /** The latest version of every team, by name. */
  list(tenantId: string): Promise<TeamRecord[]>
}

export const makeTeamStore = (table: ChorusTable, clock: () => Date = () => new Date()): TeamStore => {
  const teams = makeTeamEntity(table)

  const toRecord = (item: { definitionJson: string; version: number; createdAt: string }): TeamRecord => ({
    definition: TeamDefinition.parse(JSON.parse(item.definitionJson)),
    version: item.version,
    createdAt: item.createdAt,
  })

  const get: TeamStore['get'] = async (tenantId, name) => {
    const { Items } = await table
      .build(QueryCommand)
      .query({ partition: keys.team(tenantId, name, 0).PK, range: { beginsWith: 'V#' } })
      .entities(teams)
      .options({ reverse: true, limit: 1, consistent: true })
      .send()
    const latest = Items?.[0]
    return latest ? toRecord(latest) : undefined
  }

  const put = async (tenantId: string, definition: TeamDefinition, version: number): Promise<TeamRecord> => {
    const createdAt = clock().toISOString()
    await teams
      .build(PutItemCommand)
      .item({
        tenantId,
        name: definition.name,
        version,
        definitionJson: JSON.stringify(definition),
        createdAt,
        ...gsi.teamsByName(tenantId, definition.name, version),
      })
      .options({ condition: { attr: 'version', exists: false } })
      .send()
    return { definition, version, createdAt }
  }

  return {
    get,
    save: async (tenantId, definition) => {
      for (;;) {
        const version = ((await get(tenantId, definition.name))?.version ?? 0) + 1
        try {
          return await put(tenantId, definition, version)
        } catch (error) {
          if (!isConditionalFailure(error)) throw error // a concurrent save took this version: go again
        }
      }
    },
    seed: async (tenantId, definition) => {
      try {
        await put(tenantId, definition, 1)
        return true
      } catch (error) {
        if (isConditionalFailure(error)) return false
        throw error
      }
    },
    list: async (tenantId) => {
      const { Items = [] } = await table
        .build(QueryCommand)
        .query({ index: 'GSI1', partition: gsi.teamsByName(tenantId, '', 0).GSI1PK })
        .entities(teams)
        .options({ maxPages: Number.POSITIVE_INFINITY })
        .send()
      const latest = new Map<string, (typeof Items)[number]>()
      for (const item of Items) latest.set(item.name, item) // ascending by name#version: the last one wins
      return [...latest.values()].map(toRecord)
    },
  }
}
