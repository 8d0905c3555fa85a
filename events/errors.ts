const BRAND: unique symbol = Symbol.for('chorus.error') as never

export type EventErrorCode = 'event.unknownName' | 'event.unknownVersion' | 'event.invalid' | 'event.tooLarge'

/**
 * A broken event contract. Branded like every Chorus error (see `platform/errors`), so
 * `isChorusError` recognises it; never retryable: the same input fails the same way.
 */
export class EventContractError extends Error {
  readonly [BRAND] = true
  readonly retryable = false
  readonly code: EventErrorCode
  /** Each problem as `path: message`, e.g. `data.plan.steps.0.team: must be a lowercase slug`. */
  readonly problems: string[]

  constructor(code: EventErrorCode, problems: string[]) {
    super(problems.join('; '))
    this.name = 'EventContractError'
    this.code = code
    this.problems = problems
  }
}
