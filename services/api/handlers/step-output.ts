import type { Logger } from '#platform/log/index.ts'
import { readStepOutput, type StepOutputDeps } from '../core/step-output.ts'
import { implement } from '../http/implement.ts'
import { getStepOutput } from '../operations/runs.ts'

/**
 * `GET /runs/{runId}/output?step=…`: a step's whole output as a text file (a large one read by its
 * reference). The query is read once the run is found: another tenant's run is a 404 whatever it says.
 */
export const makeStepOutputHandler = ({ logger, ...deps }: StepOutputDeps & { logger: Logger }) =>
  implement(getStepOutput, { logger, lazyQuery: true }, async ({ caller, params: { runId }, query }) => {
    const output = await readStepOutput(deps, caller.tenantId, runId, () => query().step)
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="${runId}-${output.stepId}.txt"`,
        'cache-control': 'no-store',
      },
      body: output.text,
    }
  })
