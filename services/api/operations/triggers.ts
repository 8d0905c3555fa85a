import * as R from '../http/responses.ts'
import * as S from '../http/schemas.ts'
import { at, defineOperation, ok } from '../operation.ts'

// Operations on triggers: event pattern → request template → run.

export const listTriggers = defineOperation({
  method: 'GET',
  path: '/triggers',
  operationId: 'listTriggers',
  group: 'admin',
  summary: 'List triggers (latest versions)',
  tag: 'events',
  responses: { 200: ok('triggers', R.TriggerList) },
})

export const createTrigger = defineOperation({
  method: 'POST',
  path: '/triggers',
  operationId: 'createTrigger',
  group: 'admin',
  summary: 'Create a trigger: event pattern → request template → run',
  tag: 'events',
  body: S.TriggerBody,
  responses: {
    201: at(ok('version 1', R.TriggerRecord), 'Location', 'the trigger'),
    409: ok('name in use'),
  },
})

export const getTrigger = defineOperation({
  method: 'GET',
  path: '/triggers/{name}',
  operationId: 'getTrigger',
  group: 'admin',
  summary: 'A trigger (latest version, or `?version=n`)',
  tag: 'events',
  params: S.TriggerNameParam,
  query: S.VersionQuery,
  responses: { 200: ok('the trigger', R.TriggerRecord), 404: ok('no such trigger') },
})

export const putTrigger = defineOperation({
  method: 'PUT',
  path: '/triggers/{name}',
  operationId: 'putTrigger',
  group: 'admin',
  summary: 'Save a new version of a trigger',
  tag: 'events',
  params: S.TriggerNameParam,
  body: S.TriggerBody,
  responses: { 200: ok('the new version', R.TriggerRecord) },
})

export const deleteTrigger = defineOperation({
  method: 'DELETE',
  path: '/triggers/{name}',
  operationId: 'deleteTrigger',
  group: 'admin',
  summary: 'Delete a trigger',
  tag: 'events',
  params: S.TriggerNameParam,
  responses: { 204: ok('deleted'), 404: ok('no such trigger') },
})
