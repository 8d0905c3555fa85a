import type { Logger } from '#platform/log/index.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { health } from '../operations/meta.ts'

/** `GET /health`: no auth, no data; says the process is up (its input checked like every endpoint's). */
export const makeHealthHandler = ({ logger }: { logger: Logger }) =>
  implement(health, { logger }, async () => json(200, { status: 'ok' }))
