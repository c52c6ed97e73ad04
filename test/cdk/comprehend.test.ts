// The optional Comprehend engine: absent by default; with `-c sentimentEngine=comprehend`, the survey page gets the setting
// and DetectSentiment alone, acknowledged for cdk-nag.
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { addPlatform } from '../../lib/platform.js';
import { settingsFrom } from '../../lib/settings.js';
import { SETTINGS, WITHOUT_BUNDLING, logicalId, newApp } from './build-platform.js';

describe('the Comprehend sentiment engine', () => {
  it('is granted and configured on the survey page only when the context asks for it', () => {
    // Prepare
    const app = newApp({ ...SETTINGS, ...WITHOUT_BUNDLING, sentimentEngine: 'comprehend' });

    // Act
    const platform = addPlatform(app, settingsFrom(app.node));
    const template = Template.fromStack(platform.stateless);

    // Assess
    const surveyPage = template.toJSON().Resources[logicalId(platform.stateless.functions.surveyPage)];
    expect(surveyPage.Properties.Environment.Variables.SENTIMENT_ENGINE).toBe('comprehend');
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies.match(/comprehend:/g)).toEqual(['comprehend:']);
    expect(
      JSON.stringify(
        template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(platform.stateless.functions.surveyPage.executionRole) }] } }),
      ),
    ).toContain('comprehend:DetectSentiment');
  });
});
