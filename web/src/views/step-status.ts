import type { RunView } from '../api/client.ts'

/** The status a step has in `run`: its record's, or `pending` when the supervisor has not dispatched it. */
export const stepStatus = (run: RunView, stepId: string) =>
  run.steps.find((step) => step.stepId === stepId)?.status ?? 'pending'
