import type { Config } from '#platform/config/index.ts'

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
  }
}

/** What `npm start` prints: where Chorus listens, what it runs on, how to call it, and a request to try. */
export const banner = ({ url, config, modelLabel: model, seededTeams, auth }: BannerInput) => {
  const fresh = auth.fresh.token || auth.fresh.apiKey
  const external = config.auth.jwksUrl
    ? `tokens from ${config.auth.issuer}`
    : 'dev tokens signed by this install'
  const credentials = fresh
    ? `
New dev credentials (shown once; kept in ${auth.credentialsFile}, the chorus CLI reads them):
  export CHORUS_URL=${url}
  export CHORUS_TOKEN=${auth.credentials.token}
  export CHORUS_API_KEY=${auth.credentials.apiKey}
`
    : `
Dev credentials: ${auth.credentialsFile} (the chorus CLI reads them).
`
  return `
Chorus is running at ${url}
  data     ${config.dataDir} (embedded DynamoDB, kept across restarts)
  tenant   ${config.tenantId} (claim ${config.auth.tenantClaim})
  auth     bearer JWT (${external}) + x-api-key on every endpoint but /health
  model    ${model}
  teams    ${seededTeams.length > 0 ? `seeded ${seededTeams.join(', ')}` : 'as stored'}
${credentials}
Try it:
  npx chorus chat "Explain how solar panels work"
  curl -s -X POST ${url}/chats/demo/messages -H "authorization: Bearer $CHORUS_TOKEN" \\
       -H "x-api-key: $CHORUS_API_KEY" -H 'content-type: application/json' \\
       -d '{"content":"Explain how solar panels work"}'
  API reference: ${url}/openapi.json

Stop with Ctrl-C.
`
}
