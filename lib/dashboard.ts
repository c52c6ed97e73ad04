// The CX dashboard in AWS: the built pages (dist/dashboard) in a private, versioned S3 bucket behind CloudFront with
// origin access control, the same security headers as the local stack, and the manager API's routes forwarded by the
// same distribution, so that the pages and the API share one origin (connect-src 'self', no CORS).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultStackSynthesizer, Duration, Fn, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { DASHBOARD_PATH, dashboardContentSecurityPolicy } from '../dashboard/headers.js';
import { ROUTES } from '../functions/routes.js';

export interface DashboardProps {
  /** The HTTP API whose manager routes the pages call; CloudFront forwards them to it. */
  readonly api: IHttpApi;
  /** The build's output (scripts/build-dashboard.ts). */
  readonly assetsDir: string;
  /**
   * Cognito's hosted UI, when it is set up (docs/deploy.md): the pages then sign in there (code flow with PKCE) and
   * may call its token endpoint. Without it they ask for an access token obtained with the CLI.
   */
  readonly signIn?: { readonly domain: string; readonly clientId: string };
}

/** CloudFront path patterns for the routes the dashboard calls: managers' GET routes, by their first path segment. */
export function managerPathPatterns(): string[] {
  const segments = new Set(ROUTES.filter((r) => r.auth === 'manager' && r.method === 'GET').map((r) => r.path.split('/')[1]!));
  return [...segments].sort().flatMap((segment) => [`/${segment}`, `/${segment}/*`]);
}

/** "/" and "/dashboard" go to "/dashboard/"; "/dashboard/" is its index.html (S3 has no index documents behind OAC). */
const INDEX_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '${DASHBOARD_PATH}') {
    return { statusCode: 308, statusDescription: 'Permanent Redirect', headers: { location: { value: '${DASHBOARD_PATH}/' } } };
  }
  if (request.uri === '${DASHBOARD_PATH}/') request.uri = '${DASHBOARD_PATH}/index.html';
  return request;
}`;

export class Dashboard extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  readonly deployment: BucketDeployment;
  /** The deployment handler's role: its log group, the CDK asset bucket (read) and this bucket's objects. */
  readonly deploymentRole: Role;
  /** https://<distribution>/dashboard/ */
  readonly url: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    if (!existsSync(join(props.assetsDir, 'index.html'))) {
      throw new Error(`${props.assetsDir} holds no built dashboard: run \`npm run build:dashboard\` (cdk.json's app and the CDK tests run it first).`);
    }

    // Access logs of the bucket and of the distribution. CloudFront's standard logs are written with ACLs, hence
    // object-writer ownership; nothing here is public.
    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the access logs of the dashboard bucket and of its distribution; logging it into itself would log its own log writes without end.',
    });

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });

    this.headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'CX dashboard: the same CSP and headers as the local stack (dashboard/headers.ts)',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: dashboardContentSecurityPolicy(props.signIn ? [props.signIn.domain] : []), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    const apiOrigin = new HttpOrigin(Fn.parseDomainName(props.api.apiEndpoint), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    // The API decides every request itself (its JWT authorizer): nothing cached, every viewer header but Host forwarded
    // (Authorization included, which CloudFront allows when caching is disabled). Reads only: nothing else goes through.
    const apiBehavior: BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.headers,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Feedback platform: CX dashboard and the manager API it calls',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CloudFrontFunction(this, 'IndexRewrite', {
              code: FunctionCode.fromInline(INDEX_REWRITE),
              runtime: FunctionRuntime.JS_2_0,
              comment: 'Dashboard index and redirects',
            }),
          },
        ],
      },
      additionalBehaviors: Object.fromEntries(managerPathPatterns().map((pattern) => [pattern, apiBehavior])),
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Managers are few and mostly in one region; the cheapest class still serves the whole world from its edges.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Managers sign in from wherever they work, travelling included; access is decided by sign-in (Cognito, MFA) and the API authorizer, not by country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A WAF web ACL for CloudFront must live in us-east-1 (a second, region-pinned stack); the pages are static and every API call needs a Cognito JWT. docs/deploy.md names how to attach one.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate fixes the viewer TLS policy; a custom domain with an ACM certificate (TLSv1.2_2021) is a deployment choice documented in docs/deploy.md.',
      },
    );

    // The deployment's handler (aws-cdk-lib's BucketDeployment): its own role with its own log group only, no managed policy.
    const role = (this.deploymentRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the built dashboard into its bucket',
    }));
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: RetentionDays.ONE_MONTH });
    logGroup.grantWrite(role);
    this.deployment = new BucketDeployment(this, 'Deployment', {
      sources: [
        Source.asset(props.assetsDir),
        Source.jsonData('config.json', {
          apiBaseUrl: '',
          auth: props.signIn
            ? { mode: 'cognito', domain: props.signIn.domain, clientId: props.signIn.clientId, scopes: ['openid', 'email'] }
            : { mode: 'token' },
        }),
      ],
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${DASHBOARD_PATH.slice(1)}/`,
      // Revalidated on every load (an ETag round trip): a deploy shows at once, without an invalidation.
      cacheControl: [CacheControl.noCache()],
      role,
      logGroup,
      memoryLimit: 256,
    });
    // BucketDeployment's own grants: read the uploaded build from the CDK asset bucket, then copy and prune the objects
    // under dashboard/ in this bucket. Object-level wildcards on those two buckets only; nothing else is reachable.
    const stack = Stack.of(this);
    const qualifier = (this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const siteArn = `<${stack.getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>`;
    const deploymentGrants = [
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      `Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*`,
      `Resource::${siteArn}/*`,
    ];
    Validations.of(role).acknowledge(
      ...deploymentGrants.map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "aws-cdk-lib's BucketDeployment grants its handler these wildcards to copy the build from the CDK asset bucket and to copy and prune the objects " +
          'under dashboard/ in the dashboard bucket: object-level wildcards on those two buckets only.',
      })),
    );
    // The handler is a singleton at the stack's root, named by aws-cdk-lib.
    const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler) {
      Validations.of(handler).acknowledge(
        {
          id: 'AwsSolutions-L1',
          reason:
            "The deployment handler's Python runtime is chosen and upgraded by aws-cdk-lib's BucketDeployment, not by this app; it runs only while deploying.",
        },
        {
          id: 'Serverless-LambdaLatestVersion',
          reason:
            "The deployment handler's Python runtime is chosen and upgraded by aws-cdk-lib's BucketDeployment, not by this app; it runs only while deploying.",
        },
        {
          id: 'Serverless-LambdaDLQ',
          reason:
            'CloudFormation invokes the deployment handler synchronously as a custom resource and reads its failure from the response: there is no asynchronous event to keep.',
        },
        {
          id: 'Serverless-LambdaTracing',
          reason:
            "aws-cdk-lib's BucketDeployment handler runs only during a deployment, whose outcome CloudFormation reports; tracing it would trace nothing of the service.",
        },
      );
    }

    // The Control Tower rules of the second validator (lib/checks.ts) that this static site does not follow, each for its reason.
    const staticSite = 'The bucket holds the built dashboard, public code that a deployment rewrites';
    for (const bucket of [this.bucket, this.logBucket]) {
      Validations.of(bucket).acknowledge(
        {
          id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
          reason: `${staticSite}, or its access logs: S3-managed encryption (SSE-S3) suffices and CloudFront reads it without a KMS grant.`,
        },
        {
          id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
          reason: `${staticSite}, or its access logs that expire after 90 days: object lock would stop both the deployment's pruning and the expiry.`,
        },
        {
          id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check',
          reason: `${staticSite}, or its access logs: nothing reacts to a new object, so there is nothing to notify.`,
        },
      );
    }
    Validations.of(this.logBucket).acknowledge(
      {
        id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
        reason: 'This bucket receives the access logs; logging it into itself would log its own log writes without end (as AwsSolutions-S1).',
      },
      {
        id: 'cdk-validator-cfnguard::s3_bucket_versioning_enabled_check',
        reason: 'Access logs are written once and expire after 90 days; versions would keep expired logs as noncurrent versions.',
      },
    );
    const defaultCertificate =
      'The distribution serves its *.cloudfront.net name with the default certificate; a custom domain with an ACM certificate (TLSv1.2_2021, SNI) is a deployment choice documented in docs/deploy.md.';
    Validations.of(this.distribution).acknowledge(
      { id: 'cdk-validator-cfnguard::cloudfront_custom_ssl_certificate_check', reason: defaultCertificate },
      { id: 'cdk-validator-cfnguard::cloudfront_sni_enabled_check', reason: defaultCertificate },
      { id: 'cdk-validator-cfnguard::cloudfront_security_policy_check', reason: defaultCertificate },
      {
        id: 'cdk-validator-cfnguard::cloudfront_default_root_object_configured_check',
        reason: `The dashboard lives under ${DASHBOARD_PATH}/ and the root path is not served; the dashboard's own behaviour answers its index page.`,
      },
      {
        id: 'cdk-validator-cfnguard::cloudfront_origin_failover_enabled_check',
        reason:
          'One S3 bucket in one region serves a static build that a redeploy restores; a second origin bucket kept in sync would cost more than the rare S3 regional outage it covers.',
      },
    );

    this.url = `https://${this.distribution.distributionDomainName}${DASHBOARD_PATH}/`;
  }
}
