import { Graph, layout } from '@dagrejs/dagre'
import type { RunView } from '../api/client.ts'

export const NODE_WIDTH = 190
export const NODE_HEIGHT = 64

type PlanStep = NonNullable<RunView['plan']>['steps'][number]

/** A step of the plan with where to draw it and how far it got (a type: React Flow's data is a record). */
export type PlacedStep = {
  id: string
  team: string
  instruction: string
  dependsOn: string[]
  /** The step's status, or `pending` while it is not dispatched. */
  status: string
  x: number
  y: number
}

/**
 * Lays the plan out top to bottom with dagre: steps that depend on nothing on the first rank, a fan-out side
 * by side, a join below all it waits for. Positions are the nodes' top-left corners.
 */
export const layoutPlan = (
  steps: readonly PlanStep[],
  statusOf: (stepId: string) => string,
): PlacedStep[] => {
  const graph = new Graph()
  graph.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 56, marginx: 8, marginy: 8 })
  graph.setDefaultEdgeLabel(() => ({}))
  for (const step of steps) graph.setNode(step.id, { width: NODE_WIDTH, height: NODE_HEIGHT })
  for (const step of steps) for (const dep of step.dependsOn) graph.setEdge(dep, step.id)
  layout(graph)
  return steps.map((step) => {
    const { x, y } = graph.node(step.id)
    return {
      id: step.id,
      team: step.team,
      instruction: step.instruction,
      dependsOn: [...step.dependsOn],
      status: statusOf(step.id),
      x: x - NODE_WIDTH / 2,
      y: y - NODE_HEIGHT / 2,
    }
  })
}
