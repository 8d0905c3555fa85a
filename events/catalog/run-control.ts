import { z } from 'zod'
import { defineEvent } from '../define-event.ts'

export const RunCancelRequested = defineEvent({
  name: 'RunCancelRequested',
  version: 1,
  source: 'chorus.api',
  description:
    'Someone asked to stop a run; the supervisor ends it with RunFailed (code run.cancelled) unless it ended already.',
  data: z.object({ reason: z.string().min(1).max(1000) }).strict(),
})
