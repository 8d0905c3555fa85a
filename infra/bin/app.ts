import { join } from 'node:path'
import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { addChorusStage } from '../app/chorus-stage.ts'
import { stagesFromContext } from '../config/context.ts'
import { FEATURE_FLAGS } from '../config/feature-flags.ts'
import { REPO_ROOT } from '../config/lambda-entries.ts'

// The CDK app. `npm run synth` writes every stage to infra/cdk.out; the CLI (`cdk deploy -c stage=dev`)
// sets CDK_OUTDIR and the context. cdk-nag's AwsSolutions pack checks everything: a finding that is
// not acknowledged (with its reason, next to the resource) fails the synth.
const app = new App({
  outdir: process.env.CDK_OUTDIR ?? join(REPO_ROOT, 'infra', 'cdk.out'),
  context: FEATURE_FLAGS,
})
for (const stage of stagesFromContext((key) => app.node.tryGetContext(key)))
  addChorusStage(app, { ...stage, account: stage.account ?? process.env.CDK_DEFAULT_ACCOUNT })
Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
app.synth()
