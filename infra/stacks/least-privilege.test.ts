import type { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { CONSUMERS } from '#events'
import { API_GROUPS } from '../../runtime/lambda/api/routes.ts'
import type { ChorusFunction } from '../constructs/chorus-function.ts'
import {
  actionsOf,
  logicalIdOf,
  resourcesOf,
  statementsOfRole,
  synthStage,
  type TemplateStatement,
} from '../testing/synth.ts'

/**
 * What each function of the dev stage (API runs `sync`) may do to the table, written out by hand from
 * the code each one runs, so that a widened profile fails here instead of passing silently.
 * `DeleteItem`: idempotency records released when work fails (every consumer delivery; the
 * Idempotency-Key of `POST /chats/…/messages` and `POST /events`), dead-letter notes and model attempts
 * (the `runs` group). Nothing writes in batches; the event log's transaction is two conditional puts (`PutItem`).
 */
const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']
const WRITE = [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem']
const DELETE = [...WRITE, 'dynamodb:DeleteItem']
const TABLE_ACTIONS: Record<string, string[]> = {
  'api:chats': DELETE,
  'api:runs': DELETE,
  'api:events': DELETE,
  'api:teams': WRITE,
  'api:prompts': WRITE,
  'api:admin': WRITE,
  'consumer:planner': DELETE,
  'consumer:supervisor': DELETE,
  'consumer:workers': DELETE,
  'consumer:projector': DELETE,
  intake: WRITE,
  sweeper: WRITE,
}

/** Who may read the model key, and who tool secrets, on the dev stage. */
const MODEL_KEY = new Set(['api:chats', 'consumer:planner', 'consumer:workers'])
const TOOL_SECRETS = new Set(['api:chats', 'consumer:workers'])

describe('least privilege, function by function (dev stage)', () => {
  const dev = synthStage()
  const { api, consumers } = dev.stacks
  type Stack = typeof api | typeof consumers
  interface Entry {
    name: string
    fn: ChorusFunction
    template: Template
    stack: Stack
  }
  const inApi = (name: string, fn: ChorusFunction): Entry => ({
    name,
    fn,
    template: dev.templates.api,
    stack: api,
  })
  const inConsumers = (name: string, fn: ChorusFunction): Entry => ({
    name,
    fn,
    template: dev.templates.consumers,
    stack: consumers,
  })
  const functions: Entry[] = [
    ...[...api.functions].map(([group, fn]) => inApi(`api:${group}`, fn)),
    ...[...consumers.functions].map(([consumer, fn]) => inConsumers(`consumer:${consumer}`, fn)),
    inConsumers('intake', consumers.intake),
    inConsumers('sweeper', consumers.sweeper),
  ]
  const statementsOf = ({ fn, template, stack }: Entry) =>
    statementsOfRole(template, logicalIdOf(stack, fn.role))
  const variablesOf = ({ fn, template, stack }: Entry) => {
    const [, resource] =
      resourcesOf(template, 'AWS::Lambda::Function').find(([id]) => id === logicalIdOf(stack, fn.fn)) ?? []
    const environment = resource?.Properties.Environment as { Variables?: object } | undefined
    return Object.keys(environment?.Variables ?? {})
  }
  const tableItemActions = (statements: TemplateStatement[]) =>
    statements
      .filter((s) => s.Sid === 'TableItems')
      .flatMap(actionsOf)
      .sort()

  it('covers every function of the stage', () => {
    expect(functions.map((f) => f.name).sort()).toEqual(
      [
        ...Object.keys(API_GROUPS).map((g) => `api:${g}`),
        ...CONSUMERS.map((c) => `consumer:${c}`),
        'intake',
        'sweeper',
      ].sort(),
    )
    expect(Object.keys(TABLE_ACTIONS).sort()).toEqual(functions.map((f) => f.name).sort())
  })

  it('gives each function exactly the table actions its code uses: DeleteItem only where it deletes, no batch writes', () => {
    for (const entry of functions) {
      const { name } = entry
      const statements = statementsOf(entry)
      expect(tableItemActions(statements), name).toEqual([...(TABLE_ACTIONS[name] ?? [])].sort())
      const all = statements.flatMap(actionsOf)
      for (const never of ['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:Scan'])
        expect(all, name).not.toContain(never)
      expect(
        all.filter((a) => a.includes('*')),
        name,
      ).toEqual([])
    }
  })

  it('lets only the functions that call models read the model key, only team runners read tool secrets', () => {
    for (const entry of functions) {
      const { name } = entry
      const secrets = statementsOf(entry).filter((s) => s.Sid === 'Secrets')
      const resources = JSON.stringify(secrets.map((s) => s.Resource))
      expect(resources.includes('ModelApiKey'), name).toBe(MODEL_KEY.has(name))
      expect(resources.includes(':secret:chorus/dev/tools/*'), name).toBe(TOOL_SECRETS.has(name))
      const variables = variablesOf(entry)
      expect(variables.includes('CHORUS_OPENAI_SECRET_ID'), name).toBe(MODEL_KEY.has(name))
      expect(variables.includes('CHORUS_SECRET_PREFIX'), name).toBe(TOOL_SECRETS.has(name))
    }
  })

  it('keeps the events function away from the model key and tool secrets: the runs it starts travel async', () => {
    const fn = api.functions.get('events')
    if (!fn) throw new Error('no events function')
    const events = inApi('api:events', fn)
    const actions = statementsOf(events).flatMap(actionsOf)
    expect(actions).not.toContain('secretsmanager:GetSecretValue')
    expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual([])
    expect(variablesOf(events).filter((v) => /OPENAI|SECRET/.test(v))).toEqual([])
  })

  it('lets the authorizer read API key items and nothing else', () => {
    const authorizer = inApi('authorizer', api.authorizer)
    const statements = statementsOf(authorizer)
    expect(statements.map((s) => s.Sid).sort()).toEqual(['ApiKeyItems', 'OwnLogs', 'TableKey'])
    const keyItems = statements.find((s) => s.Sid === 'ApiKeyItems')
    expect(keyItems).toMatchObject({
      Effect: 'Allow',
      Action: 'dynamodb:GetItem',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#APIKEY#*'] } },
    })
    // The table itself, not its indexes.
    expect(JSON.stringify(keyItems?.Resource)).not.toContain('index')
    expect(statements.find((s) => s.Sid === 'TableKey')).toMatchObject({
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } },
    })
    expect(variablesOf(authorizer).filter((v) => /OPENAI|SECRET|BUS|BUCKET/.test(v))).toEqual([])
  })
})
