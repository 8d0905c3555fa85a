import { z } from 'zod'

/** The figures of issue 13, in table order; `CHORUS_BENCH_ONLY` picks some of them. */
export const FIGURES = [
  'throughput',
  'requests',
  'store',
  'sync',
  'checkpoint',
  'memory',
  'start',
  'console',
] as const
export type Figure = (typeof FIGURES)[number]

const Env = z.object({
  /** Multiplies every size (runs, chats, start repetitions); 1 is the issue's sizes. */
  CHORUS_BENCH_SCALE: z.coerce.number().positive().max(10).default(1),
  /** Comma-separated figures to run; all when unset. */
  CHORUS_BENCH_ONLY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return [...FIGURES]
      const names = value.split(',').map((s) => s.trim())
      const unknown = names.filter((n) => !(FIGURES as readonly string[]).includes(n))
      if (unknown.length > 0)
        ctx.addIssue({ code: 'custom', message: `unknown figures ${unknown.join(', ')}; known: ${FIGURES}` })
      return names as Figure[]
    }),
  /** Runs submitted at once in the throughput figure. */
  CHORUS_BENCH_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(8),
})

/** Sizes of one bench run. */
export interface BenchOptions {
  scale: number
  figures: Figure[]
  inFlight: number
  /** Figure 1: runs of a 5-step chain, and the reference graphs' runs. */
  throughputRuns: number
  /** Figure 2: step counts of the short and the long run, and how often each pair is repeated. */
  requests: { shortSteps: number; longSteps: number; repeats: number }
  /** Figure 3: chats of a 3-step plan, sequential and at `inFlight` concurrent. */
  chats: number
  /** Figure 4: plan steps of the checkpoint run. */
  checkpointSteps: number
  /** Figure 5: RSS is read after `firstRuns` and after `lastRuns` runs of one process. */
  memory: { firstRuns: number; lastRuns: number }
  /** Figure 6: repetitions of each start (and of the console's first view). */
  startRuns: number
  /** The console's first view: runs of the tenant it lists. */
  consoleRuns: number
}

const scaled = (size: number, scale: number, min: number) => Math.max(min, Math.round(size * scale))

/** The bench's sizes from the environment: the issue's sizes unless scaled down. */
export const loadBenchOptions = (env: NodeJS.ProcessEnv = process.env): BenchOptions => {
  const parsed = Env.safeParse(env)
  if (!parsed.success) throw new Error(`bench settings: ${z.prettifyError(parsed.error)}`)
  const {
    CHORUS_BENCH_SCALE: scale,
    CHORUS_BENCH_ONLY: figures,
    CHORUS_BENCH_IN_FLIGHT: inFlight,
  } = parsed.data
  return {
    scale,
    figures,
    inFlight,
    throughputRuns: scaled(200, scale, 8),
    requests: { shortSteps: 2, longSteps: 10, repeats: scaled(3, scale, 1) },
    chats: scaled(200, scale, 10),
    checkpointSteps: 200,
    memory: { firstRuns: scaled(100, scale, 5), lastRuns: scaled(1000, scale, 20) },
    startRuns: scaled(5, scale, 1),
    consoleRuns: scaled(1000, scale, 100),
  }
}
