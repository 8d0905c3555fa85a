import type { Logger } from '#platform/log/index.ts'
import type { Teams } from '../core/teams.ts'
import { endpoint } from '../http/endpoint.ts'
import { callerOf, json } from '../http/middleware.ts'

/** `POST /default-teams/reset`: the caller's default teams restored, as they are now stored. */
export const makeResetTeamsHandler = ({ teams, logger }: { teams: Pick<Teams, 'reset'>; logger: Logger }) =>
  endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    return json(200, { teams: await teams.reset(tenantId) })
  })
