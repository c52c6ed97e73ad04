// Scaling past the defaults (docs/capacity.md): a raised SES send rate sizes the mailer, a raised survey page limit
// throttles only the public routes higher.
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES, THROTTLE } from '../../functions/routes.js';
import { addPlatform } from '../../lib/platform.js';
import { settingsFrom } from '../../lib/settings.js';
import { SETTINGS, WITHOUT_BUNDLING, logicalId, newApp } from './build-platform.js';

describe('a platform deployed for 10 million interactions a day', () => {
  it('runs 14 mailers for 350 emails/s, and lets 400 survey page requests/s through while the other routes keep their limits', () => {
    // Prepare
    const app = newApp({ ...SETTINGS, ...WITHOUT_BUNDLING, sesSendRate: '350', surveyPageRateLimit: '400' });

    // Act
    const platform = addPlatform(app, settingsFrom(app.node));
    const template = Template.fromStack(platform.stateless);

    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(platform.stateless.functions.delivery) },
      ScalingConfig: { MaximumConcurrency: 14 },
    });
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')) as Array<{
      Properties: { RouteSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> };
    }>;
    for (const route of ROUTES) {
      const expected =
        route.auth === 'public'
          ? { ThrottlingRateLimit: 400, ThrottlingBurstLimit: 800 }
          : { ThrottlingRateLimit: THROTTLE[route.auth].rateLimit, ThrottlingBurstLimit: THROTTLE[route.auth].burstLimit };
      expect(stage!.Properties.RouteSettings[`${route.method} ${route.path}`], `${route.method} ${route.path}`).toEqual(expected);
    }
  });
});
