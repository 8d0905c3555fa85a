import type { Config } from '#platform/config/index.ts'

/** What `npm start` prints: where Chorus listens, what it runs on, and a request to try. */
export const banner = (input: { url: string; config: Config; modelLabel: string; seededTeams: string[] }) => {
  const { url, config, modelLabel: model, seededTeams } = input
  return `
Chorus is running at ${url}
  data     ${config.dataDir} (embedded DynamoDB, kept across restarts)
  tenant   ${config.tenantId} (local development, no auth)
  model    ${model}
  teams    ${seededTeams.length > 0 ? `seeded ${seededTeams.join(', ')}` : 'as stored'}

Try it:
  curl -s -X POST ${url}/chats/demo/messages -H 'content-type: application/json' \\
       -d '{"content":"Explain how solar panels work"}'
  curl -s ${url}/runs/<runId from the answer>

Stop with Ctrl-C.
`
}
