// The dashboard in AWS (lib/dashboard.ts): a private, versioned, logged bucket that only CloudFront can read (OAC), the
// same security headers as the local stack, the manager API forwarded uncached on the same origin, and a deployment
// that can touch nothing but the build and that bucket.
import { Template, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardContentSecurityPolicy } from '../../dashboard/headers.js';
import { ROUTES } from '../../functions/routes.js';
import { managerPathPatterns } from '../../lib/dashboard.js';
import { addPlatform, type Platform } from '../../lib/platform.js';
import { settingsFrom } from '../../lib/settings.js';
import { SETTINGS, WITHOUT_BUNDLING, buildPlatform, logicalId, newApp, resourcesOf, type Resources } from './build-platform.js';

/** CloudFront's managed policies, by id. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let platform: Platform;
let template: Template;
let resources: Resources;
let distribution: Record<string, any>;

beforeAll(() => {
  ({ platform } = buildPlatform(WITHOUT_BUNDLING));
  template = Template.fromStack(platform.stateless);
  resources = resourcesOf(template);
  distribution = resources[logicalId(platform.stateless.dashboard.distribution)]!.Properties!.DistributionConfig as Record<string, any>;
});

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

describe('the dashboard bucket', () => {
  it('is private, encrypted, versioned and logged, and refuses any request that is not over TLS', () => {
    const site = logicalId(platform.stateless.dashboard.bucket);
    expect(resources[site]?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(platform.stateless.dashboard.logBucket) }, LogFilePrefix: 'site/' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: site },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Principal: { AWS: '*' } }),
        ]),
      },
    });
  });

  it('lets CloudFront read it through origin access control for this distribution only, and nobody else', () => {
    const site = logicalId(platform.stateless.dashboard.bucket);
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: site }),
    )!;
    const allows = (policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>).filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [site, 'Arn'] }, '/*']] },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      },
    ]);
    expect(JSON.stringify(allows[0]!.Condition)).toContain(logicalId(platform.stateless.dashboard.distribution));
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    expect(distribution.Origins.find((o: Record<string, any>) => o.S3OriginConfig)).toMatchObject({
      OriginAccessControlId: expect.anything(),
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
  });
});

describe('the distribution', () => {
  it('sends the same Content-Security-Policy and headers as the local stack with every response', () => {
    const headers = resources[logicalId(platform.stateless.dashboard.headers)]!.Properties!.ResponseHeadersPolicyConfig as Record<string, any>;
    expect(headers.SecurityHeadersConfig).toEqual({
      ContentSecurityPolicy: { ContentSecurityPolicy: dashboardContentSecurityPolicy([]), Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
    });
    expect(dashboardContentSecurityPolicy([])).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    const policyRef = { Ref: logicalId(platform.stateless.dashboard.headers) };
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policyRef);
    for (const behavior of distribution.CacheBehaviors) expect(behavior.ResponseHeadersPolicyId, behavior.PathPattern).toEqual(policyRef);
  });

  it('serves the pages over HTTPS only, logs every request, and sends /dashboard/ to its index.html', () => {
    expect(distribution.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
    expect(distribution.Logging).toMatchObject({
      Bucket: { 'Fn::GetAtt': [logicalId(platform.stateless.dashboard.logBucket), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
    const [association] = distribution.DefaultCacheBehavior.FunctionAssociations;
    expect(association.EventType).toBe('viewer-request');
    const code = Object.values(template.findResources('AWS::CloudFront::Function'))[0]!.Properties.FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (event: { request: { uri: string } }) => {
      uri?: string;
      statusCode?: number;
      headers?: Record<string, { value: string }>;
    };
    expect(handler({ request: { uri: '/dashboard/' } }).uri).toBe('/dashboard/index.html');
    expect(handler({ request: { uri: '/dashboard/app.js' } }).uri).toBe('/dashboard/app.js');
    expect(handler({ request: { uri: '/' } })).toMatchObject({ statusCode: 308, headers: { location: { value: '/dashboard/' } } });
    expect(handler({ request: { uri: '/dashboard' } })).toMatchObject({ statusCode: 308, headers: { location: { value: '/dashboard/' } } });
  });

  it("forwards the manager API's GET routes to the HTTP API, uncached, with the Authorization header, reads only", () => {
    const patterns = managerPathPatterns();
    for (const route of ROUTES.filter((r) => r.auth === 'manager' && r.method === 'GET')) {
      const path = route.path.replace(/\{[^}]+\}/g, 'x');
      expect(
        patterns.some((p) => glob(p).test(path)),
        route.path,
      ).toBe(true);
    }
    expect(distribution.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual(patterns);
    const apiOrigin = distribution.Origins.find((o: Record<string, any>) => o.CustomOriginConfig);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(logicalId(platform.stateless.httpApi.api));
    expect(apiOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    for (const behavior of distribution.CacheBehaviors) {
      expect(behavior, behavior.PathPattern).toMatchObject({
        TargetOriginId: apiOrigin.Id,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      });
    }
    // No survey page, no ingest: only the manager routes share the dashboard's origin.
    for (const route of ROUTES.filter((r) => r.auth !== 'manager'))
      expect(
        patterns.some((p) => glob(p).test(route.path.replace(/\{[^}]+\}/g, 'x'))),
        route.path,
      ).toBe(false);
  });

  it('gives its address as the DashboardUrl output', () => {
    template.hasOutput('DashboardUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(platform.stateless.dashboard.distribution), 'DomainName'] }, '/dashboard/']] },
    });
  });
});

describe('the deployment of the built files', () => {
  it('copies dist/dashboard and a config.json under dashboard/, revalidated on every load', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: logicalId(platform.stateless.dashboard.bucket) },
      DestinationBucketKeyPrefix: 'dashboard/',
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
      SourceObjectKeys: Match.arrayWith([Match.stringLikeRegexp('\\.zip$')]),
    });
    expect(
      template.findResources('Custom::CDKBucketDeployment')[Object.keys(template.findResources('Custom::CDKBucketDeployment'))[0]!]!.Properties
        .SourceObjectKeys,
    ).toHaveLength(2);
  });

  it('runs with a role of its own: no managed policy, its log group, the CDK asset bucket and the dashboard bucket only', () => {
    const role = logicalId(platform.stateless.dashboard.deploymentRole);
    expect(resources[role]?.Properties?.ManagedPolicyArns).toBeUndefined();
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap((r) => (r.Properties!.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement);
    const site = logicalId(platform.stateless.dashboard.bucket);
    for (const { Action, Resource } of statements) {
      const actions = [Action].flat();
      const where = JSON.stringify(Resource);
      if (actions.every((a) => a.startsWith('logs:'))) expect(where).toContain('DeploymentLogs');
      else if (actions.every((a) => a.startsWith('s3:'))) expect(where.includes(site) || /cdk-hnb659fds-assets/.test(where), where).toBe(true);
      else throw new Error(`unexpected actions ${actions.join(', ')}`);
    }
    expect(JSON.stringify(statements)).not.toContain('cloudfront:');
  });
});

describe('with Cognito hosted UI sign-in (context managerSignInDomain)', () => {
  it("lets the pages call the hosted UI's token endpoint, and tells them to sign in there with the managers' app client", () => {
    const app = newApp({ ...SETTINGS, ...WITHOUT_BUNDLING, managerSignInDomain: 'https://acme-feedback.auth.eu-west-1.amazoncognito.com' });
    const withSignIn = addPlatform(app, settingsFrom(app.node));
    const signInTemplate = Template.fromStack(withSignIn.stateless);
    signInTemplate.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: dashboardContentSecurityPolicy(['https://acme-feedback.auth.eu-west-1.amazoncognito.com']),
            Override: true,
          },
        }),
      },
    });
    const deployment = Object.values(signInTemplate.findResources('Custom::CDKBucketDeployment'))[0]!;
    // config.json is completed at deploy time with the managers' app client's id, which lives in the stateful stack.
    expect(JSON.stringify(deployment.Properties.SourceMarkers)).toContain('ManagersUserPoolManagerConsole');
  });
});
