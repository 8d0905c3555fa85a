import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito'
import { Construct } from 'constructs'
import { acknowledge } from '../nag/acknowledge.ts'

export interface ChorusUserPoolProps {
  stage: string
  /** MFA required, deletion protection and a retained pool. */
  prod: boolean
}

/**
 * The tenant custom attribute: `custom:tenant` in ID tokens, which the API reads as the caller's
 * tenant (`TENANT_CLAIM` in services/api/http/middleware.ts). Set once, by an administrator.
 */
export const TENANT_ATTRIBUTE = 'tenant'

/**
 * The Cognito user pool the API's authorizer trusts: administrators create users (no sign-up), each
 * bound to a tenant by an immutable attribute users cannot write; strong passwords, MFA (required in
 * prod), Plus plan threat protection; one public client (the CLI) using SRP, plus the admin flow for operators.
 */
export class ChorusUserPool extends Construct {
  readonly pool: UserPool
  readonly client: UserPoolClient

  constructor(scope: Construct, id: string, { stage, prod }: ChorusUserPoolProps) {
    super(scope, id)
    this.pool = new UserPool(this, 'Pool', {
      userPoolName: `chorus-${stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: {
        [TENANT_ATTRIBUTE]: new StringAttribute({ minLen: 1, maxLen: 63, mutable: false }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: prod ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    })
    if (!prod)
      acknowledge(
        this.pool,
        'COG2',
        'MFA is optional on non-production stages (test users, scripted sign-in); prod requires TOTP MFA',
      )
    const standard = { email: true, emailVerified: true }
    this.client = this.pool.addClient('Cli', {
      userPoolClientName: `chorus-${stage}-cli`,
      generateSecret: false,
      // SRP for clients; the admin flow lets an operator with IAM rights (cognito-idp:AdminInitiateAuth)
      // fetch a user's ID token from the AWS CLI, as docs/aws.md does. No plain password flow.
      authFlows: { userSrp: true, adminUserPassword: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes(standard)
        .withCustomAttributes(TENANT_ATTRIBUTE),
      // Users cannot set their own tenant: only standard attributes are writable.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    })
  }
}
