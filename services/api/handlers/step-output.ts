import type { Logger } from '#platform/log/index.ts'
import { readStepOutput, type StepOutputDeps } from '../core/step-output.ts'
import { endpoint } from '../http/endpoint.ts'
import { callerOf, pathParam, queryOf } from '../http/middleware.ts'
import { RunIdParam, StepOutputQuery } from '../http/schemas.ts'

/** `GET /runs/{runId}/output?step=…`: a step's whole output as a text file (a large one read by its reference). */
export const makeStepOutputHandler = ({ logger, ...deps }: StepOutputDeps & { logger: Logger }) =>
  endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    const runId = pathParam(event, 'runId', RunIdParam.shape.runId)
    const step = () => queryOf(event, StepOutputQuery).step
    const output = await readStepOutput(deps, tenantId, runId, step)
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
