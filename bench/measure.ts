/** Wall and CPU time (user + system, this process) of one piece of work. */
export interface Timing {
  wallMs: number
  cpuMs: number
}

/** Runs `work` and measures its wall time and the process's CPU time meanwhile. */
export const timed = async (work: () => Promise<void>): Promise<Timing> => {
  const cpu = process.cpuUsage()
  const started = performance.now()
  await work()
  const wallMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  return { wallMs, cpuMs: (used.user + used.system) / 1000 }
}

/** Runs `total` jobs with at most `inFlight` running at a time. */
export const pool = async (total: number, inFlight: number, job: (index: number) => Promise<void>) => {
  let next = 0
  const lane = async () => {
    while (next < total) {
      const index = next
      next += 1
      await job(index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, lane))
}

/** The `p`-th percentile (0–100) of some samples, nearest rank. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] ?? Number.NaN
}

/** The median of some samples. */
export const median = (samples: readonly number[]) => percentile(samples, 50)
