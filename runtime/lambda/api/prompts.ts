import { apiGroup } from './group.ts'

/** Lambda entry point of the prompts API group. */
export const handler = apiGroup('prompts', {
  'GET /prompts/{name}': (core) => core.handlers.getPrompt,
  'PUT /prompts/{name}': (core) => core.handlers.putPrompt,
})
