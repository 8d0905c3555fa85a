import { describeBodyDeltaConformance } from './body-delta.conformance.ts'
import { startCheckpointTestbed } from './testing.ts'

describeBodyDeltaConformance('embedded engine', async () => {
  const testbed = await startCheckpointTestbed()
  return {
    table: testbed.env.table,
    saver: (deps = {}) => testbed.saver({ ...deps, shared: true }),
    close: testbed.close,
  }
})
