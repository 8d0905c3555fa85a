import * as DL from '../http/dead-letter-schemas.ts'
import { defineOperation, ok } from '../operation.ts'

// A tenant's dead letters: list, read, redrive, discard.

export const listDeadLetters = defineOperation({
  method: 'GET',
  path: '/dead-letters',
  operationId: 'listDeadLetters',
  group: 'runs',
  summary: "The tenant's dead letters: messages a consumer's queue gave up on, with the reason, oldest first",
  tag: 'runs',
  query: DL.ListDeadLettersQuery,
  responses: { 200: ok('dead letters', DL.DeadLetterPage) },
})

export const getDeadLetter = defineOperation({
  method: 'GET',
  path: '/dead-letters/{id}',
  operationId: 'getDeadLetter',
  group: 'runs',
  summary: 'A dead letter with its event',
  tag: 'runs',
  params: DL.DeadLetterIdParam,
  responses: { 200: ok('the dead letter', DL.DeadLetterDetail), 404: ok('no such dead letter') },
})

export const redriveDeadLetter = defineOperation({
  method: 'POST',
  path: '/dead-letters/{id}/redrive',
  operationId: 'redriveDeadLetter',
  group: 'runs',
  summary:
    'Put the message back on its queue; a run that failed only because of it is resumed (RunResumed) and goes on',
  tag: 'runs',
  params: DL.DeadLetterIdParam,
  responses: {
    200: ok('redriven; `run` says what happens to the run', DL.RedriveAnswer),
    404: ok('no such dead letter'),
  },
})

export const discardDeadLetter = defineOperation({
  method: 'DELETE',
  path: '/dead-letters/{id}',
  operationId: 'discardDeadLetter',
  group: 'runs',
  summary: 'Drop a dead letter without delivering it (its run stays as it is)',
  tag: 'runs',
  params: DL.DeadLetterIdParam,
  responses: { 204: ok('discarded'), 404: ok('no such dead letter') },
})
