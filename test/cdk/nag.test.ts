// cdk-nag AwsSolutions over the whole app, as bin/app.ts registers it: no finding, error or warning, left unacknowledged,
// and no acknowledgement beyond the reviewed list below.
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes.js';
import { buildPlatform } from './platform.js';

let app: App;

beforeAll(() => {
  ({ app } = buildPlatform());
});

function acknowledgements(root: IConstruct): string[] {
  return root.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => [c.node.path, m.data] as const))
    .flatMap(([path, data]) => Object.keys(data as Record<string, string>).map((id) => `${path} ${id.replace(/^annotation::/i, '')}`))
    .sort();
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning', () => {
    const { violations } = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);
    expect(violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('lets the app synthesize with the checks registered', () => {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
    expect(() => app.synth()).not.toThrow();
  });

  it('acknowledges only the reviewed findings, each with a reason', () => {
    const publicRoutes = ROUTES.filter((r) => r.auth === 'public').map((r) => `FeedbackStateless/Http/Api/${r.method}${r.path.replaceAll('/', '--')} AwsSolutions-APIG4`);
    expect(acknowledgements(app)).toEqual(
      [
        'FeedbackStateful/IngestApiKey AwsSolutions-SMG4',
        'FeedbackStateless/Events/DeadLetterQueue AwsSolutions-SQS3',
        'FeedbackStateless/Aggregation/DeadLetterQueue AwsSolutions-SQS3',
        'FeedbackStateless/aggregatorRole AwsSolutions-IAM5[Resource::*]',
        ...publicRoutes,
      ].sort(),
    );
    const reasons = app.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
    for (const { data } of reasons) for (const reason of Object.values(data as Record<string, string>)) expect(reason.length).toBeGreaterThan(60);
  });
});
