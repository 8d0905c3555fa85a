import { type PlanningPrompt, readPlanningPrompt } from '../prompts/planning-prompt.ts'

interface Team {
  name: string
  description: string
}

/** Words that place a team early (gathering) or late (answering) in a plan. */
const STAGES: { stage: number; words: RegExp }[] = [
  { stage: 0, words: /\b(research|gather|collect|find|search|fetch|look up|facts?)\w*/i },
  { stage: 1, words: /\b(analy[sz]|compar|evaluat|review|critic|assess)\w*/i },
  { stage: 2, words: /\b(writ|summar|draft|answer|compos|report|explain)\w*/i },
]

/** A team's stage by its name first, then by its description. */
const stageOf = (team: Team): number | undefined =>
  (
    STAGES.find(({ words }) => words.test(team.name)) ??
    STAGES.find(({ words }) => words.test(team.description))
  )?.stage

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{4,}/g) ?? [])

/**
 * Deterministic planning from team descriptions: pick at most one team per stage
 * (gather → analyse → answer), preferring teams whose descriptions share words with the
 * request, and chain them. Analysis joins only when the request asks for it.
 */
export const offlinePlan = (prompt: PlanningPrompt) => {
  const requestWords = words(prompt.request)
  const overlap = (team: Team) => [...words(team.description)].filter((w) => requestWords.has(w)).length
  const wantsAnalysis = STAGES[1]?.words.test(prompt.request) ?? false

  const chosen: Team[] = []
  for (const stage of [0, 1, 2]) {
    if (stage === 1 && !wantsAnalysis) continue
    const candidates = prompt.teams.filter((t) => stageOf(t) === stage)
    const best = candidates.sort((a, b) => overlap(b) - overlap(a) || a.name.localeCompare(b.name))[0]
    if (best) chosen.push(best)
  }
  if (chosen.length === 0 && prompt.teams[0]) chosen.push(prompt.teams[0])

  const request = prompt.request.trim()
  const follows = previousAnswer(prompt)
  const steps = chosen.map((team, i) => ({
    id: `${team.name}-${i + 1}`.slice(0, 40),
    team: team.name,
    // The last step answers: in a conversation it works on the previous answer ("make it shorter").
    instruction: `${instructionFor(stageOf(team), request)}${i === chosen.length - 1 ? follows : ''}`.slice(
      0,
      4000,
    ),
    dependsOn: i === 0 ? [] : [`${chosen[i - 1]?.name}-${i}`.slice(0, 40)],
  }))
  return { goal: request.slice(0, 2000), steps }
}

/** In a conversation, the previous answer the request refers to, as a clause of the last instruction. */
const previousAnswer = (prompt: PlanningPrompt): string => {
  const last = prompt.conversation?.turns.at(-1)
  if (!last) return ''
  const answer = last.answer?.replace(/\s+/g, ' ').trim()
  return answer
    ? ` (continuing the conversation; the previous answer, to "${last.request.slice(0, 200)}", was: ${answer.slice(0, 1500)})`
    : ` (continuing the conversation; the previous request was: ${last.request.slice(0, 200)})`
}

const instructionFor = (stage: number | undefined, request: string): string => {
  switch (stage) {
    case 0:
      return `Gather the key facts needed for: ${request}`.slice(0, 4000)
    case 1:
      return `Analyse the gathered facts for: ${request}`.slice(0, 4000)
    default:
      return `Write the final answer to: ${request}`.slice(0, 4000)
  }
}

/**
 * The offline model's answer to a planning prompt: the offline plan as JSON, or undefined when the message is not a
 * planning prompt. The runtimes hand it to the offline model (`makeOfflineProvider({ answerJson })`).
 */
export const answerPlanningPromptOffline = (message: string): string | undefined => {
  const prompt = readPlanningPrompt(message)
  return prompt ? JSON.stringify(offlinePlan(prompt)) : undefined
}
