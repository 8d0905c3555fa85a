import type { Logger } from '#platform/log/index.ts'
import type { Teams } from '../core/teams.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { resetTeams } from '../operations/teams.ts'

/** `POST /default-teams/reset`: the caller's default teams restored, as they are now stored. */
export const makeResetTeamsHandler = ({ teams, logger }: { teams: Pick<Teams, 'reset'>; logger: Logger }) =>
  implement(resetTeams, { logger }, async ({ caller }) =>
    json(200, { teams: await teams.reset(caller.tenantId) }),
  )
