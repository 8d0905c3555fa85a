import type { Operation } from './operation.ts'
import { auditRun, compareReplay, exportRunBundle, listAnchorHeads, startReplay } from './operations/audit.ts'
import { createChat, getChat, listChats, postMessage, updateChat } from './operations/chats.ts'
import {
  discardDeadLetter,
  getDeadLetter,
  listDeadLetters,
  redriveDeadLetter,
} from './operations/dead-letters.ts'
import { getEventSchemas, postEvents } from './operations/events.ts'
import { getOpenApi, health } from './operations/meta.ts'
import { getPrompt, listPrompts, putPrompt } from './operations/prompts.ts'
import {
  cancelRun,
  decideApproval,
  getRun,
  getStepOutput,
  listRuns,
  streamRunEvents,
} from './operations/runs.ts'
import {
  createTeam,
  deleteTeam,
  getTeam,
  listTeams,
  listTools,
  putTeam,
  resetTeams,
} from './operations/teams.ts'
import { createTrigger, deleteTrigger, getTrigger, listTriggers, putTrigger } from './operations/triggers.ts'
import { getUsage } from './operations/usage.ts'

export type { Operation } from './operation.ts'

/**
 * Every endpoint of the HTTP API, each defined once in `operations/` (`defineOperation`). Adding one here
 * makes the local server route it, the OpenAPI document and the console's types list it, and the answer
 * check of the API suites hold it to its responses; `makeApi` must bind a handler to it (`implement`).
 */
export const API_OPERATIONS = [
  health,
  getOpenApi,
  createChat,
  listChats,
  getChat,
  updateChat,
  postMessage,
  listRuns,
  getRun,
  auditRun,
  exportRunBundle,
  getStepOutput,
  listAnchorHeads,
  startReplay,
  compareReplay,
  cancelRun,
  decideApproval,
  streamRunEvents,
  listTeams,
  createTeam,
  getTeam,
  putTeam,
  deleteTeam,
  resetTeams,
  listTools,
  listTriggers,
  createTrigger,
  getTrigger,
  putTrigger,
  deleteTrigger,
  postEvents,
  getEventSchemas,
  listPrompts,
  getPrompt,
  putPrompt,
  listDeadLetters,
  getDeadLetter,
  redriveDeadLetter,
  discardDeadLetter,
  getUsage,
] as const satisfies readonly Operation[]

/** The operation ids; the handler map of the core has one handler per id. */
export type OperationId = (typeof API_OPERATIONS)[number]['operationId']

/** The methods the API serves at a path template, in table order: the `Allow` header of a 405. */
export const methodsAt = (path: string): string[] =>
  (API_OPERATIONS as readonly Operation[]).filter((op) => op.path === path).map((op) => op.method)
