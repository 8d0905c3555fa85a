import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { addChorusStage, type ChorusStacks } from '../app/chorus-stage.ts'
import { FEATURE_FLAGS } from '../config/feature-flags.ts'
import { type StageConfig, stageConfig } from '../config/stages.ts'

/** An app as `bin/app.ts` builds it; Lambda bundling skipped unless `bundle` (esbuild takes ~1 s per function). */
export const testApp = ({ bundle = false }: { bundle?: boolean } = {}) =>
  new App({ context: { ...FEATURE_FLAGS, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) } })

/** The templates of one stage's stacks. */
export type StageTemplates = Record<keyof ChorusStacks, Template>

/** Builds one stage in a fresh app and returns its stacks and their templates (synthesized once). */
export const synthStage = (stage: StageConfig = stageConfig('dev')) => {
  const app = testApp()
  const stacks = addChorusStage(app, stage)
  const templates = Object.fromEntries(
    Object.entries(stacks).map(([key, stack]) => [key, Template.fromStack(stack)]),
  ) as StageTemplates
  return { app, stage, stacks, templates }
}

/** Resources of a type in a template, as `[logicalId, resource]` pairs. */
export const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as [string, { Properties: Record<string, unknown> }][]

/** `{ "Fn::GetAtt": [id, "Arn"] }`: how a template refers to a resource's ARN in its own stack. */
export const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] })

/** The logical id of the CloudFormation resource behind a construct. */
export const logicalIdOf = (
  stack: { getLogicalId(e: never): string },
  construct: { node: { defaultChild?: unknown } },
) => stack.getLogicalId(construct.node.defaultChild as never)

/** One IAM policy statement as it appears in a template. */
export interface TemplateStatement {
  Sid?: string
  Effect: string
  Action: string | string[]
  Resource: unknown
  Condition?: unknown
}

/** Every statement of every policy attached to a role of this template. */
export const statementsOfRole = (template: Template, roleLogicalId: string): TemplateStatement[] =>
  resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(`"${roleLogicalId}"`))
    .flatMap(
      ([, policy]) => (policy.Properties.PolicyDocument as { Statement: TemplateStatement[] }).Statement,
    )

/** A statement's actions as a list. */
export const actionsOf = (statement: TemplateStatement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action]
