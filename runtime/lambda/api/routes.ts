/**
 * The HTTP API as data: one Lambda per group, each serving these `METHOD /resource` routes (API
 * Gateway REST proxy resources). The CDK stack reads this table; the group entry points implement it.
 * Add a group (teams, events, admin) as one line here and one file beside `chats.ts`.
 */
export const API_GROUPS = {
  chats: ['POST /chats/{chatId}/messages'],
  runs: ['GET /runs/{runId}'],
  prompts: ['GET /prompts/{name}', 'PUT /prompts/{name}'],
} as const

export type ApiGroup = keyof typeof API_GROUPS
export type ApiRoute<G extends ApiGroup> = (typeof API_GROUPS)[G][number]
