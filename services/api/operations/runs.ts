import * as AP from '../http/approval-schemas.ts'
import * as R from '../http/responses.ts'
import * as S from '../http/schemas.ts'
import { at, defineOperation, ok } from '../operation.ts'

// Operations on a tenant's runs: list, view, output, cancel, approval, event stream.

export const listRuns = defineOperation({
  method: 'GET',
  path: '/runs',
  operationId: 'listRuns',
  group: 'runs',
  summary: 'List runs, newest first, by status and time',
  tag: 'runs',
  query: S.ListRunsQuery,
  responses: { 200: ok('a page of runs', R.RunPage) },
})

export const getRun = defineOperation({
  method: 'GET',
  path: '/runs/{runId}',
  operationId: 'getRun',
  group: 'runs',
  summary: 'A run: status, plan, steps, model calls and its event log',
  tag: 'runs',
  params: S.RunIdParam,
  responses: { 200: ok('the run', R.RunView), 404: ok('no such run') },
})

export const getStepOutput = defineOperation({
  method: 'GET',
  path: '/runs/{runId}/output',
  operationId: 'getStepOutput',
  group: 'runs',
  summary: "A step's whole output as a text file (a large output read from where its reference points)",
  tag: 'runs',
  params: S.RunIdParam,
  query: S.StepOutputQuery,
  responses: {
    200: {
      ...ok('the whole output', undefined, 'text/plain'),
      headers: { 'Content-Disposition': { description: 'a file name for the output', required: true } },
    },
    404: ok('no such run, or the step has no output'),
  },
})

export const cancelRun = defineOperation({
  method: 'POST',
  path: '/runs/{runId}/cancel',
  operationId: 'cancelRun',
  group: 'runs',
  summary: 'Cancel a run (ends it RunFailed, code run.cancelled)',
  tag: 'runs',
  params: S.RunIdParam,
  body: S.CancelRunBody,
  responses: {
    200: ok('cancelled', R.CancelAnswer),
    202: at(ok('cancel requested', R.CancelAnswer), 'Location', 'the run'),
    404: ok('no such run'),
    409: ok('the run ended otherwise'),
  },
})

export const decideApproval = defineOperation({
  method: 'POST',
  path: '/runs/{runId}/approval',
  operationId: 'decideApproval',
  group: 'runs',
  summary:
    'Approve (optionally with an edited plan) or reject a run that waits for approval; the first decision wins',
  tag: 'runs',
  params: S.RunIdParam,
  body: AP.ApprovalBody,
  responses: {
    202: at(
      ok('decision recorded; the supervisor resumes or ends the run', AP.ApprovalAnswer),
      'Location',
      'the run',
    ),
    404: ok('no such run'),
    409: ok('the run does not wait for approval, or another decision came first (named)'),
  },
})

export const streamRunEvents = defineOperation({
  method: 'GET',
  path: '/runs/{runId}/events',
  operationId: 'streamRunEvents',
  group: 'streams',
  summary: "The run's events as server-sent events, until it ends",
  tag: 'runs',
  params: S.RunIdParam,
  query: S.StreamQuery,
  headers: S.StreamHeaders,
  responses: {
    200: ok('event stream: id = seq, event = name, data = envelope', R.RunEventFrame, 'text/event-stream'),
    404: ok('no such run'),
  },
})
