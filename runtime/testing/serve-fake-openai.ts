import { HumanMessage } from '@langchain/core/messages'
import { OfflineChatModel } from '#platform/models/index.ts'
import { lastUserText, startFakeOpenAI } from '#platform/models/testing/fake-openai-server.ts'
import { answerPlanningPromptOffline } from '#services/planner/index.ts'

/**
 * `npm run fake-openai [port]` (default 4010): an OpenAI-compatible server on loopback that answers like the offline
 * model, for trying `OPENAI_BASE_URL` end to end without a real model.
 */
const offline = new OfflineChatModel({ answerJson: answerPlanningPromptOffline })
const port = Number(process.argv[2] ?? 4010)
const server = await startFakeOpenAI(
  async (request) => {
    const reply = await offline.invoke([new HumanMessage(lastUserText(request))])
    return { content: reply.text.replace('[offline model]', '[fake OpenAI server]') }
  },
  { port },
)
process.stdout.write(`fake OpenAI-compatible server at ${server.baseUrl}\n`)
process.stdout.write(`run Chorus against it:  OPENAI_BASE_URL=${server.baseUrl} npm start\n`)
