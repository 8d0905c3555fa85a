import {
  Background,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useMemo } from 'react'
import type { RunView } from '../api/client.ts'
import { layoutPlan, NODE_HEIGHT, NODE_WIDTH, type PlacedStep } from './plan-layout.ts'
import { stepStatus } from './step-status.ts'

export interface PlanGraphProps {
  run: RunView
  selected?: string
  onSelect: (stepId: string) => void
  height?: number
}

type StepNodeData = PlacedStep & { selected: boolean }
type StepNode = Node<StepNodeData, 'step'>

const StepBox = ({ data }: NodeProps<StepNode>) => (
  <div
    className={`step-node status-${data.status}${data.selected ? ' selected' : ''}`}
    data-testid={`step-node-${data.id}`}
    data-status={data.status}
    style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
  >
    <Handle type="target" position={Position.Top} isConnectable={false} />
    <strong>{data.id}</strong>
    <span className="team">{data.team}</span>
    <span className={`badge status-${data.status}`}>{data.status}</span>
    <Handle type="source" position={Position.Bottom} isConnectable={false} />
  </div>
)

const NODE_TYPES = { step: StepBox }

/**
 * The run's plan drawn as a DAG (React Flow, laid out by dagre), each step with its live status; edges into
 * a step that is under way are animated. Clicking a step selects it; keyboard users pick steps from the list
 * beside it (StepList).
 */
export const PlanGraph = ({ run, selected, onSelect, height = 340 }: PlanGraphProps) => {
  const { nodes, edges } = useMemo(() => {
    const placed = layoutPlan(run.plan?.steps ?? [], (id) => stepStatus(run, id))
    const byId = new Map(placed.map((step) => [step.id, step]))
    return {
      nodes: placed.map(
        (step): StepNode => ({
          id: step.id,
          type: 'step',
          position: { x: step.x, y: step.y },
          // Known dimensions: React Flow shows a node at once instead of hiding it until it is measured
          // (a measurement that, on a busy machine, could leave a new run's node hidden).
          width: NODE_WIDTH,
          height: NODE_HEIGHT,
          data: { ...step, selected: step.id === selected },
          ariaLabel: `Step ${step.id}, team ${step.team}: ${step.status}`,
          draggable: false,
          connectable: false,
        }),
      ),
      edges: placed.flatMap((step) =>
        step.dependsOn.map(
          (dep): Edge => ({
            id: `${dep}->${step.id}`,
            source: dep,
            target: step.id,
            animated: byId.get(step.id)?.status === 'queued',
            markerEnd: { type: MarkerType.ArrowClosed },
          }),
        ),
      ),
    }
  }, [run, selected])

  return (
    <div className="plan-graph" style={{ height }} data-testid="plan-graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        onNodeClick={(_, node) => onSelect(node.id)}
        minZoom={0.3}
        ariaLabelConfig={{
          'node.a11yDescription.default': 'The steps are also listed as buttons below the graph.',
        }}
      >
        <Background gap={16} size={1} />
      </ReactFlow>
    </div>
  )
}
