import * as R from '../http/responses.ts'
import * as S from '../http/schemas.ts'
import { at, defineOperation, ok } from '../operation.ts'

// Operations on team definitions and the tools they may use.

export const listTeams = defineOperation({
  method: 'GET',
  path: '/teams',
  operationId: 'listTeams',
  group: 'teams',
  summary: 'List team definitions (latest versions)',
  tag: 'teams',
  responses: { 200: ok('teams', R.TeamList) },
})

export const createTeam = defineOperation({
  method: 'POST',
  path: '/teams',
  operationId: 'createTeam',
  group: 'teams',
  summary: 'Create a team',
  tag: 'teams',
  body: S.TeamBody,
  responses: { 201: at(ok('version 1', R.TeamRecord), 'Location', 'the team'), 409: ok('name in use') },
})

export const getTeam = defineOperation({
  method: 'GET',
  path: '/teams/{name}',
  operationId: 'getTeam',
  group: 'teams',
  summary: 'A team (latest version, or `?version=n`)',
  tag: 'teams',
  params: S.TeamNameParam,
  query: S.VersionQuery,
  responses: { 200: ok('the team', R.TeamRecord), 404: ok('no such team') },
})

export const putTeam = defineOperation({
  method: 'PUT',
  path: '/teams/{name}',
  operationId: 'putTeam',
  group: 'teams',
  summary: 'Save a new version of a team',
  tag: 'teams',
  params: S.TeamNameParam,
  body: S.TeamBody,
  responses: { 200: ok('the new version', R.TeamRecord) },
})

export const deleteTeam = defineOperation({
  method: 'DELETE',
  path: '/teams/{name}',
  operationId: 'deleteTeam',
  group: 'teams',
  summary: 'Delete a team (history kept)',
  tag: 'teams',
  params: S.TeamNameParam,
  responses: { 204: ok('deleted'), 404: ok('no such team') },
})

export const resetTeams = defineOperation({
  method: 'POST',
  path: '/default-teams/reset',
  operationId: 'resetTeams',
  group: 'teams',
  summary: 'Restore the default teams (researcher, writer): a new version of each deleted or changed one',
  tag: 'teams',
  responses: { 200: ok('the default teams as now stored', R.TeamList) },
})

export const listTools = defineOperation({
  method: 'GET',
  path: '/tools',
  operationId: 'listTools',
  group: 'admin',
  summary: "Tools the tenant's teams may use",
  tag: 'teams',
  responses: { 200: ok('tools', R.ToolList) },
})
