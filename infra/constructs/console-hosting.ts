import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Aws, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib'
import type { RestApi } from 'aws-cdk-lib/aws-apigateway'
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront'
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins'
import { OAuthScope, type UserPool, type UserPoolClient, type UserPoolDomain } from 'aws-cdk-lib/aws-cognito'
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3'
import { BucketDeployment, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment'
import { Construct } from 'constructs'
import { CONSOLE_HSTS_MAX_AGE_SECONDS, consoleContentSecurityPolicy } from '../../runtime/console-headers.ts'
import { acknowledge } from '../nag/acknowledge.ts'
import { ORIGIN_VERIFY_HEADER } from './api-firewall.ts'
import { API_STAGE_NAME } from './chorus-api.ts'

/** Where `scripts/build.js` puts the console's build (`npm run build`). */
export const CONSOLE_DIST = join(import.meta.dirname, '..', '..', 'dist', 'console')

/** The console's pages and files live under this prefix, as on the local server (ADR 0021); the rest is the API. */
export const CONSOLE_PREFIX = 'console'

export interface ConsoleHostingProps {
  stage: string
  /** The REST API the distribution's default behaviour forwards to (same origin as the console). */
  api: RestApi
  /**
   * The value CloudFront sends the API in `x-chorus-origin-verify`, which the API's web ACL requires
   * before it trusts the viewer address in `X-Forwarded-For` (`ApiFirewall.originVerifyValue`).
   */
  originVerifyValue: string
  /** The pool whose managed login signs console users in. */
  userPool: UserPool
  /** The Cognito domain prefix (globally unique per region); `chorus-<stage>-<account>` by default. */
  domainPrefix?: string
  /** The console's build; `dist/console` when it holds an `index.html`, a placeholder page otherwise. */
  assetsDir?: string
  /** Viewer source ranges the distribution serves (the stage's allow-list); everything else gets `403`. */
  allowedIpRanges: readonly string[]
  /** Days the distribution's and the bucket's access logs are kept. */
  logRetentionDays: number
}

/** The page deployed when the console was not built before synth (infra tests, `npm run synth` on a fresh clone). */
const PLACEHOLDER_PAGE =
  '<!doctype html><title>Chorus console</title><p>The console was not built before this deploy: run ' +
  '<code>npm run build</code>, then deploy the Api stack again.</p>'

/** The console's build when present, else the placeholder page. */
const consoleAssets = (dir: string): ISource =>
  existsSync(join(dir, 'index.html')) ? Source.asset(dir) : Source.data('index.html', PLACEHOLDER_PAGE)

/** What CDK's bucket deployment handler is granted: the build from CDK's asset bucket into the console's. */
const DEPLOYMENT_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']

/** A value as cdk-nag names it in a finding: itself when literal, `<AWS::…>` when a pseudo parameter. */
const literal = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value)

/**
 * Acknowledges each finding on the bucket deployment's handler (one singleton per stack, built by
 * CDK): its managed logging policy and the wildcards of its copy (every object of the build).
 */
const acknowledgeDeploymentHandler = (stack: Stack, bucket: Bucket) => {
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))
  if (!handler) return
  const why = "CDK's BucketDeployment handler, which copies the console build into its bucket"
  acknowledge(handler, 'L1', `${why}, runs on the Python runtime aws-cdk-lib pins for it`)
  acknowledge(
    handler,
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `${why}, writes its logs with the basic execution role`,
  )
  const assets =
    `arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-` +
    `${literal(stack.account, 'AccountId')}-${literal(stack.region, 'Region')}/*`
  const bucketObjects = `<${stack.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>/*`
  const findings = [
    ...DEPLOYMENT_ACTIONS.map((action) => `Action::${action}`),
    `Resource::${assets}`,
    `Resource::${bucketObjects}`,
  ]
  for (const finding of findings)
    acknowledge(handler, `IAM5[${finding}]`, `${why}, reads and replaces every object of the build`)
  acknowledge(
    handler,
    'IAM5[Resource::*]',
    `${why}, invalidates the console's paths on the distribution (CreateInvalidation takes no resource)`,
  )
}

/**
 * The viewer-request function of every behaviour: `403` outside the allowed ranges (the first line;
 * the API's web ACL checks the viewer again behind it), `/` to `/console/`, and, on the console's
 * behaviour, any path whose last segment has no dot to the app's page (the SPA fallback lives here,
 * not in error responses, so the API's own 403 and 404 reach the client unchanged).
 */
export const viewerRequestCode = (allowedIpRanges: readonly string[], spaFallback: boolean) => `
var RANGES = ${JSON.stringify(allowedIpRanges)};
function ip4(a) {
  var p = String(a).split('.');
  if (p.length !== 4) return -1;
  var n = 0;
  for (var i = 0; i < 4; i++) {
    if (!/^[0-9]{1,3}$/.test(p[i]) || Number(p[i]) > 255) return -1;
    n = n * 256 + Number(p[i]);
  }
  return n;
}
function allowed(ip) {
  var n = ip4(ip);
  if (n < 0) return false;
  for (var i = 0; i < RANGES.length; i++) {
    var r = RANGES[i].split('/');
    var base = ip4(r[0]);
    var size = Math.pow(2, 32 - Number(r[1] === undefined ? 32 : r[1]));
    if (base >= 0 && Math.floor(n / size) === Math.floor(base / size)) return true;
  }
  return false;
}
function handler(event) {
  var request = event.request;
  if (!allowed(event.viewer.ip)) return { statusCode: 403, statusDescription: 'Forbidden' };
  if (request.uri === '/')
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/${CONSOLE_PREFIX}/' } } };
  ${spaFallback ? `if (request.uri.split('/').pop().indexOf('.') < 0) request.uri = '/${CONSOLE_PREFIX}/index.html';` : ''}
  return request;
}
`

/**
 * The console on AWS: its build in a private bucket (no public access, TLS only, SSE-S3) read by
 * CloudFront through Origin Access Control under `/console/*`; every other path goes to the REST API
 * (no caching, every viewer header but `Host`), so console and API share an origin as on the local
 * server (ADR 0021). A Cognito domain and a public app client (authorization code with PKCE, no
 * secret, callback and sign-out URL on the distribution), and `console/config.json` naming both.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: Bucket
  readonly distribution: Distribution
  /** The console's security headers (ADR 0034): its CSP names the Cognito domain, as the local server's names none. */
  readonly headers: ResponseHeadersPolicy
  readonly client: UserPoolClient
  readonly domain: UserPoolDomain
  /** `https://<distribution domain>`. */
  readonly url: string

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id)
    // CloudFront's standard logs are written with an ACL grant, so this bucket keeps object ACLs.
    const logs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.bucket = new Bucket(this, 'Assets', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'assets/',
      removalPolicy: RemovalPolicy.RETAIN,
    })

    const viewerFunction = (name: string, spaFallback: boolean) =>
      new EdgeFunction(this, name, {
        runtime: FunctionRuntime.JS_2_0,
        code: FunctionCode.fromInline(viewerRequestCode(props.allowedIpRanges, spaFallback)),
        comment: `Chorus ${props.stage}: allowed ranges${spaFallback ? ', console page fallback' : ''}`,
      })
    // The API by its id, not its URL: the URL names the stage, which depends on the authorizer, whose
    // audience names this construct's client, whose callback names the distribution (a cycle).
    const apiOrigin = new HttpOrigin(`${props.api.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      originPath: `/${API_STAGE_NAME}`,
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifyValue },
    })
    this.domain = props.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `chorus-${props.stage}-${Aws.ACCOUNT_ID}` },
    })
    this.headers = new ResponseHeadersPolicy(this, 'ConsoleHeaders', {
      comment: `Chorus ${props.stage}: the console's CSP (this origin and the Cognito domain), HSTS, no framing`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleContentSecurityPolicy(this.domain.baseUrl()),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(CONSOLE_HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      },
    })
    const consoleBehaviour = {
      origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: this.headers,
      functionAssociations: [
        { eventType: FunctionEventType.VIEWER_REQUEST, function: viewerFunction('ConsoleViewer', true) },
      ],
    }
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Chorus ${props.stage}: console and API`,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      // The viewer function checks IPv4 ranges only, so viewers reach it over IPv4.
      enableIpv6: false,
      logBucket: logs,
      logFilePrefix: 'distribution/',
      defaultBehavior: {
        origin: apiOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        functionAssociations: [
          { eventType: FunctionEventType.VIEWER_REQUEST, function: viewerFunction('ApiViewer', false) },
        ],
      },
      additionalBehaviors: { [`/${CONSOLE_PREFIX}/*`]: consoleBehaviour },
    })
    acknowledge(
      this.distribution,
      'CFR1',
      'No geo restriction: who may use the distribution is decided by the viewer function (the stage allow-list) and sign-in',
    )
    acknowledge(
      this.distribution,
      'CFR2',
      'No web ACL on the distribution (a CLOUDFRONT-scope ACL lives in us-east-1): the viewer function enforces the ' +
        "stage allow-list at the edge and the API stage's regional web ACL checks the viewer again behind it",
    )
    acknowledge(
      this.distribution,
      'CFR4',
      'The default CloudFront certificate (*.cloudfront.net) allows TLS 1.0 viewers; a custom domain with its own ACM certificate would pin TLS 1.2',
    )
    this.url = `https://${this.distribution.distributionDomainName}`
    const redirectUri = `${this.url}/${CONSOLE_PREFIX}/`
    this.client = props.userPool.addClient('Console', {
      userPoolClientName: `chorus-${props.stage}-console`,
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [redirectUri],
        logoutUrls: [redirectUri],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    })

    new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${CONSOLE_PREFIX}/`,
      sources: [
        consoleAssets(props.assetsDir ?? CONSOLE_DIST),
        Source.jsonData('config.json', {
          auth: 'cognito',
          authority: this.domain.baseUrl(),
          clientId: this.client.userPoolClientId,
          redirectUri,
        }),
      ],
      distribution: this.distribution,
      distributionPaths: [`/${CONSOLE_PREFIX}/index.html`, `/${CONSOLE_PREFIX}/config.json`],
      prune: true,
      memoryLimit: 512,
    })
    acknowledgeDeploymentHandler(Stack.of(this), this.bucket)
  }
}
