import type { Config } from '#platform/config/index.ts'

/** What `npm start` prints: where Chorus listens, what it runs on, and a request to try. */
export const banner = (input: { url: string; config: Config; offline: boolean; seededTeams: string[] }) => {
  const { url, config, offline, seededTeams } = input
  const model = offline
    ? 'OFFLINE model (deterministic, no network) — set OPENAI_API_KEY to use a real model'
    : 'OpenAI-compatible model'
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
