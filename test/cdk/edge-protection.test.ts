// Fair limits in AWS (lib/edge-protection.ts): the WAF web ACL in us-east-1 holds EDGE_RULES as rate-based rules (per IP,
// per survey link) and refuses credential-less calls to manager and ingest routes; with its ARN as a setting it is attached
// to the CloudFront distribution in front of the API (and to the dashboard's), whose address the emails link to.
import { Validations, type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDGE_RULES } from '../../functions/routes.js';
import { pathPrefixes } from '../../lib/edge-protection.js';
import { addPlatform, type Platform } from '../../lib/platform.js';
import { settingsFrom } from '../../lib/settings.js';
import { SETTINGS, WITHOUT_BUNDLING, logicalId, newApp, resourcesOf } from './build-platform.js';

const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/FeedbackEdge-WebAcl/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

let app: App;
let platform: Platform;
let webAcl: Record<string, any>;

beforeAll(() => {
  app = newApp({ ...SETTINGS, ...WITHOUT_BUNDLING, edgeWebAclArn: WEB_ACL_ARN });
  platform = addPlatform(app, settingsFrom(app.node));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const acls = Template.fromStack(platform.edge).findResources('AWS::WAFv2::WebACL');
  expect(Object.keys(acls)).toHaveLength(1);
  webAcl = Object.values(acls)[0]!.Properties;
});

const ruleNamed = (name: string) => (webAcl.Rules as Array<Record<string, any>>).find((r) => r.Name === name)!;

describe('the web ACL', () => {
  it('is a CloudFront web ACL in a stack pinned to us-east-1', () => {
    expect(platform.edge.region).toBe('us-east-1');
    expect(webAcl).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('limits the survey routes per client IP, and each survey link by its path, with 429 and a message', () => {
    const surveyRoutes = {
      OrStatement: {
        Statements: ['/s/', '/u/'].map((p) => ({ ByteMatchStatement: expect.objectContaining({ SearchString: p, PositionalConstraint: 'STARTS_WITH' }) })),
      },
    };
    expect(pathPrefixes('public')).toEqual(['/s/', '/u/']);
    expect(ruleNamed('publicPerClient')).toMatchObject({
      Statement: {
        RateBasedStatement: {
          Limit: EDGE_RULES.publicPerClient.limit,
          EvaluationWindowSec: EDGE_RULES.publicPerClient.windowSeconds,
          AggregateKeyType: 'IP',
          ScopeDownStatement: surveyRoutes,
        },
      },
      Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'TooManyRequests' } } },
    });
    expect(ruleNamed('publicPerLink')).toMatchObject({
      Statement: {
        RateBasedStatement: {
          Limit: EDGE_RULES.publicPerLink.limit,
          AggregateKeyType: 'CUSTOM_KEYS',
          CustomKeys: [{ UriPath: expect.anything() }],
          ScopeDownStatement: surveyRoutes,
        },
      },
      Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
    });
    expect(JSON.parse(webAcl.CustomResponseBodies.TooManyRequests.Content)).toEqual({ message: expect.stringMatching(/Too Many Requests/) });
  });

  it('refuses manager and ingest calls without their credential header before they reach the API', () => {
    const manager = ruleNamed('ManagerRoutesNeedBearer').Statement.AndStatement.Statements;
    expect(manager[1]).toEqual({
      NotStatement: {
        Statement: {
          SizeConstraintStatement: expect.objectContaining({ FieldToMatch: { SingleHeader: { Name: 'authorization' } }, ComparisonOperator: 'GT', Size: 0 }),
        },
      },
    });
    expect(JSON.stringify(manager[0])).toContain('"/customers"');
    expect(pathPrefixes('manager')).not.toContain('/s/');
    expect(ruleNamed('IngestRoutesNeedKey').Statement.AndStatement.Statements[0]).toEqual({
      ByteMatchStatement: expect.objectContaining({ SearchString: '/interactions' }),
    });
    expect(ruleNamed('ManagerRoutesNeedBearer').Priority).toBeLessThan(ruleNamed('managerPerClient').Priority);
  });
});

describe('the distribution in front of the API', () => {
  it('carries the web ACL, forwards every method to the API uncached, and is where email links point', () => {
    const template = Template.fromStack(platform.stateless);
    const resources = resourcesOf(template);
    const config = resources[logicalId(platform.stateless.apiEdge.distribution)]!.Properties!.DistributionConfig as Record<string, any>;
    expect(config.WebACLId).toBe(WEB_ACL_ARN);
    expect(config.DefaultCacheBehavior).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      ViewerProtocolPolicy: 'https-only',
    });
    expect(JSON.stringify(config.Origins)).toContain(logicalId(platform.stateless.httpApi.api));
    const dashboard = resources[logicalId(platform.stateless.dashboard.distribution)]!.Properties!.DistributionConfig as Record<string, any>;
    expect(dashboard.WebACLId).toBe(WEB_ACL_ARN);
    const delivery = resources[logicalId(platform.stateless.functions.delivery)]!.Properties!.Environment as { Variables: Record<string, unknown> };
    expect(delivery.Variables.PUBLIC_BASE_URL).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(platform.stateless.apiEdge.distribution), 'DomainName'] }]],
    });
  });

  it('passes cdk-nag with the web ACL attached, without acknowledging the missing WAF on it', () => {
    const { violations } = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);
    expect(violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    const acknowledged = platform.stateless.apiEdge.distribution.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.keys(m.data as object));
    expect(acknowledged.join()).not.toContain('CFR2');
  });

  it('refuses an edgeWebAclArn that is not a CloudFront web ACL', () => {
    expect(() => settingsFrom(newApp({ ...SETTINGS, edgeWebAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/y' }).node)).toThrow(
      /edgeWebAclArn/,
    );
  });
});
