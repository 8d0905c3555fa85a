import { DeltaValue, END, ReducedValue, START, StateGraph, StateSchema } from '@langchain/langgraph'
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint'
import { z } from 'zod'

/** Steps of the bench run. */
export const STEPS = 200

/** The output step `n` appends: a text of a fixed size, like a step's result. */
export const outputOf = (n: number, bytes: number): string =>
  `step ${n}: `.padEnd(bytes, 'lorem ipsum dolor sit amet ')

/** Where the outputs live in state: one plain list (rewritten whole), or a DeltaValue (deltas only). */
export type OutputsField = { kind: 'list' } | { kind: 'delta'; snapshotFrequency: number }

const Outputs = z.array(z.string()).default(() => [])

const stateOf = (field: OutputsField) =>
  new StateSchema({
    outputs:
      field.kind === 'list'
        ? new ReducedValue(Outputs, {
            inputSchema: z.string(),
            reducer: (all: string[], next: string) => [...all, next],
          })
        : new DeltaValue(Outputs, {
            inputSchema: z.string(),
            reducer: (all: string[], writes: string[]) => [...all, ...writes],
            snapshotFrequency: field.snapshotFrequency,
          }),
    count: z.number().default(0),
  })

/**
 * The bench run: one `step` node that loops {@link STEPS} times, each time appending one output of
 * `outputBytes`. One node and fixed channels keep `channel_versions` and `versions_seen` the same size
 * at every step, so whatever grows per step is the outputs channel's doing.
 */
export const chainGraph = (field: OutputsField, checkpointer: BaseCheckpointSaver, outputBytes: number) =>
  new StateGraph(stateOf(field))
    .addNode('step', (state) => ({ outputs: outputOf(state.count + 1, outputBytes), count: state.count + 1 }))
    .addEdge(START, 'step')
    .addConditionalEdges('step', (state) => (state.count < STEPS ? 'step' : END))
    .compile({ checkpointer })
