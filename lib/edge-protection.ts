// Fair limits at the edge: an AWS WAF web ACL (EDGE_RULES of functions/routes.ts, the rules the local server applies)
// and the CloudFront distribution in front of the HTTP API that carries it, since an HTTP API cannot take WAF itself.
// A CloudFront web ACL must live in us-east-1: EdgeWebAcl goes in its own stack there, and its ARN comes back to the
// service stack as a setting (`-c edgeWebAclArn=`, docs/deploy.md).
import { Duration, Fn, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { API_KEY_HEADER, EDGE_RULES, ROUTES, type Auth } from '../functions/routes.js';

/**
 * The path prefixes of a class of routes, from ROUTES: `/s/` for `/s/{token}`, `/customers` for `/customers` and
 * `/customers/{id}` (a segment that is a route by itself is matched without its slash).
 */
export function pathPrefixes(auth: Auth): string[] {
  const segments = new Map<string, boolean>();
  for (const route of ROUTES.filter((r) => r.auth === auth)) {
    const segment = route.path.split('/')[1]!;
    segments.set(segment, (segments.get(segment) ?? false) || route.path === `/${segment}`);
  }
  return [...segments].map(([segment, exact]) => (exact ? `/${segment}` : `/${segment}/`)).sort();
}

const startsWith = (prefix: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});
const anyOf = (statements: CfnWebACL.StatementProperty[]): CfnWebACL.StatementProperty =>
  statements.length === 1 ? statements[0]! : { orStatement: { statements } };
const routesOf = (auth: Auth) => anyOf(pathPrefixes(auth).map(startsWith));
/** The request carries the header at all (WAF cannot check a credential; API Gateway does, behind it). */
const hasHeader = (name: string): CfnWebACL.StatementProperty => ({
  sizeConstraintStatement: {
    fieldToMatch: { singleHeader: { Name: name } },
    comparisonOperator: 'GT',
    size: 0,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const TOO_MANY = 'TooManyRequests';
const UNAUTHORIZED = 'Unauthorized';
const refuse = (status: 401 | 429, key: string): CfnWebACL.RuleActionProperty => ({
  block: {
    customResponse: {
      responseCode: status,
      customResponseBodyKey: key,
      ...(status === 429 ? { responseHeaders: [{ name: 'retry-after', value: '60' }] } : {}),
    },
  },
});

/** The web ACL (scope CLOUDFRONT: deploy it in us-east-1). */
export class EdgeWebAcl extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const rules: CfnWebACL.RuleProperty[] = [
      // Authentication before any shared capacity: a call to a manager or ingest route without its credential never
      // reaches API Gateway, whose route throttle it would otherwise spend.
      {
        name: 'ManagerRoutesNeedBearer',
        priority: 0,
        statement: { andStatement: { statements: [routesOf('manager'), { notStatement: { statement: hasHeader('authorization') } }] } },
        action: refuse(401, UNAUTHORIZED),
        visibilityConfig: visibility('ManagerRoutesNeedBearer'),
      },
      {
        name: 'IngestRoutesNeedKey',
        priority: 1,
        statement: { andStatement: { statements: [routesOf('apiKey'), { notStatement: { statement: hasHeader(API_KEY_HEADER) } }] } },
        action: refuse(401, UNAUTHORIZED),
        visibilityConfig: visibility('IngestRoutesNeedKey'),
      },
      // EDGE_RULES: per client address (IP) or per path (one survey link), on their class of routes.
      ...Object.entries(EDGE_RULES).map(
        ([name, rule], i): CfnWebACL.RuleProperty => ({
          name,
          priority: 10 + i,
          statement: {
            rateBasedStatement: {
              limit: rule.limit,
              evaluationWindowSec: rule.windowSeconds,
              ...(rule.per === 'client'
                ? { aggregateKeyType: 'IP' }
                : { aggregateKeyType: 'CUSTOM_KEYS', customKeys: [{ uriPath: { textTransformations: [{ priority: 0, type: 'NONE' }] } }] }),
              scopeDownStatement: routesOf(rule.routes),
            },
          },
          action: refuse(429, TOO_MANY),
          visibilityConfig: visibility(name),
        }),
      ),
      // Addresses Amazon's threat intelligence knows for bots and scanners: a distributed flood's usual sources.
      {
        name: 'AmazonIpReputation',
        priority: 100,
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
        overrideAction: { none: {} },
        visibilityConfig: visibility('AmazonIpReputation'),
      },
    ];
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Feedback platform: rate limits per address and per survey link, credential headers required on manager and ingest routes',
      customResponseBodies: {
        [TOO_MANY]: { contentType: 'APPLICATION_JSON', content: JSON.stringify({ message: 'Too Many Requests: slow down and retry shortly' }) },
        [UNAUTHORIZED]: { contentType: 'APPLICATION_JSON', content: JSON.stringify({ message: 'Unauthorized' }) },
      },
      rules,
      visibilityConfig: visibility('FeedbackEdge'),
    });
  }
}

export interface ApiEdgeProps {
  readonly api: IHttpApi;
  /** The web ACL's ARN (EdgeWebAcl, in us-east-1); without it the distribution runs unprotected (cdk-nag CFR2 says why). */
  readonly webAclArn?: string;
  readonly logBucket: IBucket;
}

/** CloudFront in front of the whole API: every route, nothing cached, every viewer header but Host forwarded. */
export class ApiEdge extends Construct {
  readonly distribution: Distribution;
  /** https://<distribution>: the base of the survey and unsubscribe links in emails. */
  readonly url: string;

  constructor(scope: Construct, id: string, { api, webAclArn, logBucket }: ApiEdgeProps) {
    super(scope, id);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Feedback platform: the HTTP API behind AWS WAF (rate limits per address and per survey link)',
      defaultBehavior: {
        origin: new HttpOrigin(Fn.parseDomainName(api.apiEndpoint), {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          readTimeout: Duration.seconds(30),
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Customers answer from anywhere: every edge location.
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'api-edge/',
      ...(webAclArn ? { webAclId: webAclArn } : {}),
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Customers answer surveys from any country they travel or live in; the limits are per address and per link (WAF), not per country.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate fixes the viewer TLS policy; a custom domain with an ACM certificate (TLSv1.2_2021) is a deployment choice documented in docs/deploy.md.',
      },
      ...(webAclArn
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason:
                'The web ACL is EdgeWebAcl of the FeedbackEdge stack (us-east-1, as CloudFront requires): deploy it first and pass its WebAclArn output as -c edgeWebAclArn (docs/deploy.md); until then the API route throttles alone apply.',
            },
          ]),
    );
    this.url = `https://${this.distribution.distributionDomainName}`;
  }
}
