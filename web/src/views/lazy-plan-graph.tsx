import { lazy, Suspense } from 'react'
import type { PlanGraphProps } from './plan-graph.tsx'

// React Flow and dagre are most of the console's code and only a plan needs them: they load with the first
// plan drawn, so the sign-in, the lists and the forms come up without them.
const Loaded = lazy(() => import('./plan-graph.tsx').then((module) => ({ default: module.PlanGraph })))

/** The plan graph (`plan-graph.tsx`), loaded on first use; an empty box of its size until then. */
export const PlanGraph = (props: PlanGraphProps) => (
  <Suspense
    fallback={
      <div className="plan-graph" style={{ height: props.height ?? 340 }} aria-busy="true">
        <p className="muted">drawing the plan…</p>
      </div>
    }
  >
    <Loaded {...props} />
  </Suspense>
)
