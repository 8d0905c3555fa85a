import type { PlanRecord, RunStore } from '#platform/store/index.ts'

/** Runs whose plan (and whether they have a budget) one supervisor keeps in memory. */
const RUN_MEMORY_SIZE = 1000

/** Adds a run to a bounded set: the oldest entry goes once it is full. */
export const remember = (runs: Set<string>, run: string) => {
  if (runs.size >= RUN_MEMORY_SIZE) runs.delete(runs.values().next().value as string)
  runs.add(run)
}

/**
 * Plans by run, read once. A plan never changes once a step has been dispatched (an approval stores
 * its revision 2 before the run's graph first runs, and forgets the one read before), so a plan read
 * once serves every later delivery.
 */
export const makePlanMemory = (runs: Pick<RunStore, 'getPlan'>) => {
  const plans = new Map<string, PlanRecord>()
  return {
    get: async (tenantId: string, runId: string): Promise<PlanRecord | undefined> => {
      const key = `${tenantId}#${runId}`
      const cached = plans.get(key)
      if (cached) return cached
      const record = await runs.getPlan(tenantId, runId)
      if (record) {
        if (plans.size >= RUN_MEMORY_SIZE) plans.delete(plans.keys().next().value as string)
        plans.set(key, record)
      }
      return record
    },
    forget: (tenantId: string, runId: string) => plans.delete(`${tenantId}#${runId}`),
  }
}
