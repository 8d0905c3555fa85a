export { type ApiDeps, type ApiHandlers, makeApi } from './api.ts'
export { ApiError } from './core/api-error.ts'
export { makeApprovalSweep } from './core/approvals.ts'
export {
  parseTenantBudgets,
  resolveBudget,
  SHIPPED_TENANT_BUDGETS,
  TenantBudget,
  TenantBudgets,
} from './core/budgets.ts'
export {
  type BusIntake,
  type BusIntakeResult,
  makeBusIntake,
  registeredSources,
  TENANT_FIELD,
} from './core/bus-intake.ts'
export { type ChatService, makeChatService, type SendMessageResult } from './core/chat-service.ts'
export { makeEventIntake } from './core/event-intake.ts'
export { openApiDocument } from './core/openapi.ts'
export { getRunView, type RunView } from './core/run-view.ts'
export { type Answer, answerProblems, checkAnswer, operationFor } from './http/answer-check.ts'
export {
  type ApiHandler,
  type ApiResult,
  isStreaming,
  type JsonHandler,
  type StreamingResult,
} from './http/endpoint.ts'
export { INPUT_LIMITS, type InputLimits, illFormed } from './http/input-hygiene.ts'
export { json, TENANT_CLAIM } from './http/middleware.ts'
export { ErrorBody } from './http/responses.ts'
export {
  API_GROUP_NAMES,
  type ApiGroup,
  defineOperation,
  type Operation,
  type SuccessBody,
} from './operation.ts'
/** The operations, one by one: clients type answers by them (`SuccessBody<typeof operations.getRun>`). */
export type * as operations from './operations/index.ts'
export { API_OPERATIONS, methodsAt, type OperationId } from './routes.ts'
export { type ChatDirectory, type ChatRecord, makeChatDirectory } from './store/chat-directory.ts'
export { makeRequestIdempotency, type RequestIdempotency } from './store/request-idempotency.ts'
export { makeTriggerStore, TriggerDefinition, type TriggerStore } from './triggers/index.ts'
