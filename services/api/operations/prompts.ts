import * as R from '../http/responses.ts'
import * as S from '../http/schemas.ts'
import { defineOperation, ok } from '../operation.ts'

// Operations on a tenant's stored prompts, by name and version.

export const listPrompts = defineOperation({
  method: 'GET',
  path: '/prompts',
  operationId: 'listPrompts',
  group: 'prompts',
  summary: "The tenant's stored prompts by name, each with its latest version and when it was saved",
  tag: 'teams',
  query: S.ListQuery,
  responses: { 200: ok('a page of prompts', R.PromptPage) },
})

export const getPrompt = defineOperation({
  method: 'GET',
  path: '/prompts/{name}',
  operationId: 'getPrompt',
  group: 'prompts',
  summary: 'A prompt (latest version, or `?version=n`)',
  tag: 'teams',
  params: S.PromptNameParam,
  query: S.VersionQuery,
  responses: { 200: ok('the prompt', R.Prompt), 404: ok('no such prompt') },
})

export const putPrompt = defineOperation({
  method: 'PUT',
  path: '/prompts/{name}',
  operationId: 'putPrompt',
  group: 'prompts',
  summary: 'Save a new version of a prompt',
  tag: 'teams',
  params: S.PromptNameParam,
  body: S.PromptBody,
  responses: { 200: ok('the new version', R.SavedPrompt) },
})
