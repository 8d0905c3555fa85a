import type { Logger } from '#platform/log/index.ts'
import { endpoint } from '../http/endpoint.ts'
import { json } from '../http/middleware.ts'

/** `GET /health`: no auth, no data; says the process is up (its input checked like every endpoint's). */
export const makeHealthHandler = ({ logger }: { logger: Logger }) =>
  endpoint(logger).handler(async () => json(200, { status: 'ok' }))
