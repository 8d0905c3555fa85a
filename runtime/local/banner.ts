import { credentialExports } from '#platform/auth/dev-credentials.ts'
import type { Config } from './config.ts'

export interface BannerInput {
  url: string
  config: Config
  modelLabel: string
  seededTeams: string[]
  auth: {
    credentials: { token: string; apiKey: string }
    credentialsFile: string
    /** Credentials created by this start are shown once; later starts point to the file. */
    fresh: { token: boolean; apiKey: boolean }
    /** Every tenant whose dev credentials the file keeps. */
    tenants: string[]
  }
}

/** What `npm start` prints: where Chorus listens, what it runs on, how to call it, and a request to try. */
export const banner = ({ url, config, modelLabel: model, seededTeams, auth }: BannerInput) => {
  const fresh = auth.fresh.token || auth.fresh.apiKey
  const external = config.auth.jwksUrl
    ? `tokens from ${config.auth.issuer}`
    : 'dev tokens signed by this install'
  const others = auth.tenants.filter((tenant) => tenant !== config.tenantId)
  const kept =
    others.length > 0
      ? `Also kept there: tenants ${others.join(', ')} (pick one with chorus login --tenant <id>).\n`
      : ''
  const exports = credentialExports({ url, ...auth.credentials }).map((line) => `  ${line}`)
  const credentials = `
${fresh ? 'New dev credentials (shown once)' : 'Dev credentials'} of tenant ${config.tenantId}: ${auth.credentialsFile} (the chorus CLI reads them).
${fresh ? `${exports.join('\n')}\n` : ''}Print them as shell exports at any time: npx chorus env   (or: eval "$(npx chorus env)")
${kept}`
  return `
Chorus is running at ${url}
  data     ${config.dataDir} (embedded DynamoDB, kept across restarts)
  tenant   ${config.tenantId} (claim ${config.auth.tenantClaim})
  auth     bearer JWT (${external}) + x-api-key on every endpoint but /health, /openapi.json and /reference
  model    ${model}
  teams    ${seededTeams.length > 0 ? `seeded ${seededTeams.join(', ')}` : 'as stored'}
${credentials}
Try it:
  npx chorus chat "Explain how solar panels work"
  curl -s -X POST ${url}/chats/demo/messages -H "authorization: Bearer $CHORUS_TOKEN" \\
       -H "x-api-key: $CHORUS_API_KEY" -H 'content-type: application/json' \\
       -d '{"content":"Explain how solar panels work"}'
  API reference: ${url}/reference (the OpenAPI document: ${url}/openapi.json; both without credentials)
  Console: ${url}/ (Sign in with the dev identity: no token to copy)

Stop with Ctrl-C.
`
}
