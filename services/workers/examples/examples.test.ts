import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkTeam, TeamDefinition } from '#platform/teams/index.ts'
import { HttpToolDefinition } from '#platform/tools/index.ts'

const read = (dir: string) =>
  readdirSync(join(import.meta.dirname, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(join(import.meta.dirname, dir, f), 'utf8')) as unknown] as const)

describe('shipped examples', () => {
  const tools = read('tools').map(([, json]) => HttpToolDefinition.parse(json))
  const known = new Set(['file.read', 'file.write', 'file.list', 'web.fetch', ...tools.map((t) => t.name)])

  it('has HTTP tool definitions in the shape of real integrations', () => {
    expect(tools.map((t) => t.name).sort()).toEqual([
      'catalogue.products',
      'marketing.campaigns',
      'search.web',
    ])
  })

  it.each(read('teams'))('team %s is valid and uses known tools', (_, json) => {
    const team = TeamDefinition.parse(json)
    expect(checkTeam(team, { hasTool: (name) => known.has(name) })).toEqual([])
  })
})
