import { join } from 'node:path'
import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import type { Access, FunctionProfile } from '../config/functions.ts'
import { REPO_ROOT, resolveEntry } from '../config/lambda-entries.ts'
import { acknowledge } from '../nag/acknowledge.ts'
import { AccessPolicy, type AccessTargets } from './access-policy.ts'

export interface ChorusFunctionProps {
  /** Entry file relative to the repository root (`infra/config/lambda-entries.ts`). */
  entry: string
  profile: FunctionProfile
  /** The access this function gets on this stage (`effectiveAccess`). */
  access: Access
  targets: AccessTargets
  environment: Record<string, string>
  logRetention: RetentionDays
}

/**
 * The Node version the code is tested on (`node` devDependency, `engines`): Lambda runs what CI ran.
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_22_X

/** Packages only the embedded runtime loads; bundles get `infra/bundling/embedded-only.ts` instead. */
export const EMBEDDED_ONLY_PACKAGES = ['dynalite'] as const
const EMBEDDED_ONLY_SHIM = join(REPO_ROOT, 'infra', 'bundling', 'embedded-only.ts')

/**
 * esbuild, locally (no Docker): one ESM file per function with everything bundled, the AWS SDK
 * included (the version the tests ran, not the runtime's), `#` imports resolved from package.json.
 */
const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [],
  tsconfig: join(REPO_ROOT, 'tsconfig.json'),
  esbuildArgs: Object.fromEntries(
    EMBEDDED_ONLY_PACKAGES.map((name) => [`--alias:${name}`, EMBEDDED_ONLY_SHIM]),
  ),
  // CommonJS dependencies inside an ES module still call require() and read __dirname.
  banner: [
    "import { createRequire as __chorusRequire } from 'node:module'",
    "import { fileURLToPath as __chorusPath } from 'node:url'",
    "import { dirname as __chorusDirname } from 'node:path'",
    'const require = __chorusRequire(import.meta.url)',
    'const __filename = __chorusPath(import.meta.url)',
    'const __dirname = __chorusDirname(__filename)',
  ].join(';'),
  forceDockerBundling: false,
}

/**
 * How every Chorus function is built from its entry: Node 22 on arm64, bundled locally with esbuild.
 * @example new NodejsFunction(scope, 'Fn', { ...bundledEntry('runtime/lambda/consumers/planner.ts', 'planner') })
 */
export const bundledEntry = (entry: string, what: string) => ({
  entry: resolveEntry(entry, what),
  handler: 'handler',
  runtime: LAMBDA_RUNTIME,
  architecture: Architecture.ARM_64,
  projectRoot: REPO_ROOT,
  depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
  bundling: BUNDLING,
})

/**
 * One Lambda function of Chorus: its entry bundled with esbuild, arm64, its own role holding only its
 * log group and its `Access`, and its own log group with the stage's retention.
 */
export class ChorusFunction extends Construct {
  readonly fn: NodejsFunction
  readonly role: Role
  readonly logGroup: LogGroup

  constructor(scope: Construct, id: string, props: ChorusFunctionProps) {
    super(scope, id)
    const built = bundledEntry(props.entry, this.node.path)
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.profile.description} (${props.entry})`,
    })
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'OwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    )
    new AccessPolicy(this, 'Access', { role: this.role, access: props.access, targets: props.targets })
    this.fn = new NodejsFunction(this, 'Function', {
      ...built,
      description: props.profile.description,
      timeout: Duration.seconds(props.profile.timeoutSeconds),
      memorySize: props.profile.memoryMb,
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
    })
    acknowledge(
      this.fn,
      'L1',
      'Functions run Node.js 22, the version the code is built and tested on (package.json engines); ' +
        'moving to a newer runtime is a deliberate upgrade of the whole toolchain',
    )
  }
}
