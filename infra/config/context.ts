import { STAGES, type StageConfig, stageConfig } from './stages.ts'

/** Reads one CDK context value (`-c key=value` on the CLI, `context` in tests). */
export type ContextReader = (key: string) => unknown

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

/** The per-deployment values that may be overridden from the command line, as `StageConfig` fields. */
const overridesFrom = (read: ContextReader): Partial<StageConfig> => {
  const ranges = text(read('allowedIpRanges'))
  const alarmEmail = text(read('alarmEmail'))
  const account = text(read('account'))
  const region = text(read('region'))
  return {
    ...(ranges ? { allowedIpRanges: ranges.split(',').map((r) => r.trim()) } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
  }
}

/**
 * The stages to synthesize: `-c stage=<name>` for one, every stage in `STAGES` otherwise, each with
 * the context overrides (`allowedIpRanges` comma-separated, `alarmEmail`, `account`, `region`).
 * @example stagesFromContext((key) => app.node.tryGetContext(key))
 */
export const stagesFromContext = (read: ContextReader): StageConfig[] => {
  const overrides = overridesFrom(read)
  const only = text(read('stage'))
  const names = only ? [only] : Object.keys(STAGES)
  return names.map((name) => stageConfig(name, overrides))
}
