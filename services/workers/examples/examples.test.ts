import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkTeam, DEMO_TEAMS, TeamDefinition, type TeamKnowledge } from '../teams/definitions/index.ts'
import { makeModuleLoader } from '../teams/module-loader.ts'
import { HttpToolDefinition } from '../tools/index.ts'

const read = (dir: string) =>
  readdirSync(join(import.meta.dirname, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(join(import.meta.dirname, dir, f), 'utf8')) as unknown] as const)

describe('shipped examples', () => {
  const tools = read('tools').map(([, json]) => HttpToolDefinition.parse(json))
  const names = new Set(['file.read', 'file.write', 'file.list', 'web.fetch', ...tools.map((t) => t.name)])
  const known: TeamKnowledge = {
    hasTool: (name) => names.has(name),
    promptText: async () => undefined,
    checkModule: makeModuleLoader({ roots: [join(import.meta.dirname, 'modules')] }).check,
  }

  it('has HTTP tool definitions in the shape of real integrations', () => {
    expect(tools.map((t) => t.name).sort()).toEqual([
      'catalogue.products',
      'marketing.campaigns',
      'search.web',
    ])
  })

  it.each(read('teams'))('team %s is valid and uses known tools and modules', async (_, json) => {
    const team = TeamDefinition.parse(json)
    expect(await checkTeam(team, known)).toEqual([])
  })

  it.each(DEMO_TEAMS.map((team) => [team.name, team] as const))(
    'demo team %s, seeded without the API, passes the write-time checks',
    async (_, team) => {
      expect(await checkTeam(team, known)).toEqual([])
    },
  )
})
