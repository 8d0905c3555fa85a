import { RunCompleted, RunFailed } from './catalog/index.ts'
import type { EventSource } from './define-event.ts'
import type { EventPatternNode } from './patterns.ts'
import { CATALOG } from './registry.ts'
import { asyncPatternFor, CONSUMERS, type Consumer } from './routes.ts'

/** One EventBridge rule the infrastructure creates: its name, its pattern, and the consumer queue it feeds. */
export interface ConsumerRule {
  consumer: Consumer
  /** Rule name, unique per bus (`chorus-<consumer>`). */
  name: string
  pattern: EventPatternNode
}

/**
 * Live events only. A replayed event carries a top-level `replay-name`; the consumer rules must not
 * run side effects again for it, so they require its absence.
 */
export const LIVE_ONLY = { 'replay-name': [{ exists: false }] } as const satisfies EventPatternNode

/** Consumers that rebuild state from replays (read models); they get replayed events of every route. */
export const REPLAY_CONSUMERS: readonly Consumer[] = ['projector']

/**
 * The async rules, one per consumer, generated from `ROUTES`: the consumer's event names and
 * sources, routed `async`, live. CDK and the emulator driver create exactly these.
 * @example rulesFromRoutes().find((r) => r.consumer === 'planner')?.pattern
 */
export const rulesFromRoutes = (): ConsumerRule[] => [
  ...CONSUMERS.map((consumer) => ({
    consumer,
    name: `chorus-${consumer}`,
    pattern: { ...asyncPatternFor(consumer), ...LIVE_ONLY },
  })),
  // A replay re-sends archived events (sync ones too) with `replay-name`: only read models take them.
  ...REPLAY_CONSUMERS.map((consumer) => ({
    consumer,
    name: `chorus-${consumer}-replay`,
    pattern: {
      source: asyncPatternFor(consumer).source,
      'detail-type': asyncPatternFor(consumer)['detail-type'],
      'replay-name': [{ exists: true }],
    },
  })),
]

/** Every source that publishes Chorus events, sorted. */
export const chorusSources = (): EventSource[] => [...new Set(CATALOG.map((d) => d.source))].sort()

/**
 * Every live Chorus event, whatever its route: the archive's pattern (AWS never re-archives replays;
 * the explicit `replay-name` check keeps emulators and catch-all subscribers honest too).
 */
export const archivePattern = (): EventPatternNode => ({ source: chorusSources(), ...LIVE_ONLY })

/** The rule that takes outside producers' events to the bus intake queue (ADR 0020). */
export interface IntakeRule {
  /** Rule name, unique per bus. */
  name: 'chorus-intake'
  pattern: EventPatternNode
}

/**
 * Every live event whose source is not Chorus's own (`chorus.` prefix): what outside systems put on
 * the bus. CDK and the emulator driver create exactly this rule, into the intake queue.
 * @example intakeRule().pattern // { source: [{ 'anything-but': { prefix: 'chorus.' } }], ... }
 */
export const intakeRule = (): IntakeRule => ({
  name: 'chorus-intake',
  pattern: { source: [{ 'anything-but': { prefix: 'chorus.' } }], ...LIVE_ONLY },
})

/** The rule that takes ended runs to the anchoring queue (ADR 0026). */
export interface AnchorRule {
  /** Rule name, unique per bus. */
  name: 'chorus-anchor'
  pattern: EventPatternNode
}

/**
 * Every live `RunCompleted` and `RunFailed`, whatever its route (sync events reach the bus too):
 * the runs whose heads the anchoring function signs. CDK and the AWS-mode tests create exactly this.
 */
export const anchorRule = (): AnchorRule => ({
  name: 'chorus-anchor',
  pattern: {
    source: [...new Set([RunCompleted.source, RunFailed.source])].sort(),
    'detail-type': [RunCompleted.name, RunFailed.name],
    ...LIVE_ONLY,
  },
})
