import * as R from '../http/responses.ts'
import * as S from '../http/schemas.ts'
import { defineOperation, ok } from '../operation.ts'

// Audit operations: a run's report and bundle, signed anchor heads, replays of the archive.

export const auditRun = defineOperation({
  method: 'GET',
  path: '/runs/{runId}/audit',
  operationId: 'auditRun',
  group: 'runs',
  summary: 'Audit a run from its records: hash chain, re-derivation, verdict match or diverged at seq k',
  tag: 'audit',
  params: S.RunIdParam,
  query: S.AuditQuery,
  responses: {
    200: {
      ...ok('the audit report: JSON, or text with `?format=text`', R.AuditReport),
      alternatives: { 'text/plain': undefined },
    },
    404: ok('no such run'),
  },
})

export const exportRunBundle = defineOperation({
  method: 'GET',
  path: '/runs/{runId}/bundle',
  operationId: 'exportRunBundle',
  group: 'runs',
  summary: 'Export a run as a verifiable bundle (JSON lines + chain head), for chorus audit --bundle',
  tag: 'audit',
  params: S.RunIdParam,
  responses: {
    200: {
      ...ok('the bundle: one JSON record a line', undefined, 'application/x-ndjson'),
      headers: { 'Content-Disposition': { description: 'a file name for the bundle', required: true } },
    },
    404: ok('no such run'),
  },
})

export const listAnchorHeads = defineOperation({
  method: 'GET',
  path: '/anchors',
  operationId: 'listAnchorHeads',
  group: 'runs',
  summary:
    "The caller's signed anchor heads (ADR 0019); with `from`/`to`, the proof that the newer extends the older",
  tag: 'audit',
  query: S.AnchorsQuery,
  responses: {
    200: ok('the signed heads (tree sizes), the latest, a consistency proof if asked', R.AnchorHeads),
    404: ok('no signed head of that size'),
  },
})

export const startReplay = defineOperation({
  method: 'POST',
  path: '/replays',
  operationId: 'startReplay',
  group: 'admin',
  summary: "Re-deliver a window of the caller's archive to the projector under a replay name",
  tag: 'audit',
  body: S.ReplayBody,
  responses: {
    202: ok('the replay started', R.ReplayStarted),
    501: ok('this runtime replays through EventBridge'),
  },
})

export const compareReplay = defineOperation({
  method: 'GET',
  path: '/replays/{name}/runs/{runId}',
  operationId: 'compareReplay',
  group: 'admin',
  summary: "A run's replayed view next to its live one",
  tag: 'audit',
  params: S.ReplayRunParam,
  responses: {
    200: ok('both views and whether they are equal', R.ReplayComparison),
    404: ok('no such run'),
    501: ok('no replays here'),
  },
})
