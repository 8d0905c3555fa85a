import { startTestChorus } from '../local/testing.ts'
import { type ApiTarget, makeCall, type TargetOptions, waitForRunWith } from './api-target.ts'

/** The embedded runtime (SQLite-backed DynamoDB engine, in-process queues) on a free port. */
export const startLocalTarget = async (options: TargetOptions = {}): Promise<ApiTarget> => {
  const chorus = await startTestChorus(options.env, options.models ? { models: options.models } : {})
  const { credentials } = chorus.auth
  const call = makeCall(chorus.url, credentials)
  const settle = () => chorus.idle()
  return {
    runtime: 'local',
    url: chorus.url,
    tenantId: credentials.tenantId,
    credentials: { token: credentials.token, apiKey: credentials.apiKey },
    call,
    as: (other) => makeCall(chorus.url, other),
    credentialsFor: chorus.credentialsFor,
    mintToken: chorus.auth.mintToken,
    signingKid: chorus.auth.jwks.keys[0]?.kid ?? '',
    stores: chorus.stores,
    settle,
    waitForRun: waitForRunWith(settle, call),
    close: () => chorus.close(),
  }
}
