// Deployment settings from CDK context: defaults, derivation of the SES identity, and refusal of a mismatch.
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { mailerConcurrencyFor, settingsFrom } from '../../lib/settings.js';

const settings = (context: Record<string, unknown> = {}) => settingsFrom(new App({ context }).node);

describe('deployment settings', () => {
  it('defaults to the example sender, its domain as identity and a placeholder brand', () => {
    expect(settings()).toEqual({
      senderEmail: 'surveys@example.com',
      senderIdentity: 'example.com',
      brandName: 'Example Co',
      sesSendRate: 14,
      surveyPageRateLimit: 50,
    });
  });

  it("derives the SES identity from the sender's domain", () => {
    expect(settings({ senderEmail: 'surveys@feedback.acme.com' }).senderIdentity).toBe('feedback.acme.com');
  });

  it.each(['surveys@feedback.acme.com', 'feedback.acme.com', 'acme.com'])('accepts %s as the identity of surveys@feedback.acme.com', (senderIdentity) => {
    expect(settings({ senderEmail: 'surveys@feedback.acme.com', senderIdentity }).senderIdentity).toBe(senderIdentity);
  });

  it.each(['other.com', 'me.acme.com', 'cme.com', 'other@feedback.acme.com'])(
    'refuses %s, which does not cover surveys@feedback.acme.com',
    (senderIdentity) => {
      expect(() => settings({ senderEmail: 'surveys@feedback.acme.com', senderIdentity })).toThrow(/does not cover/);
    },
  );

  it('refuses a sender that is not an email address', () => {
    expect(() => settings({ senderEmail: 'surveys' })).toThrow(/not an email address/);
  });

  it('reads the SES send rate and the survey page limit from the command line (strings) or cdk.json (numbers)', () => {
    expect(settings({ sesSendRate: '350', surveyPageRateLimit: 400 })).toMatchObject({ sesSendRate: 350, surveyPageRateLimit: 400 });
  });

  it('takes the address the operations alarms are emailed to, and refuses one that is not an address', () => {
    expect(settings({ alarmEmail: 'ops@acme.com' }).alarmEmail).toBe('ops@acme.com');
    expect(() => settings({ alarmEmail: 'ops' })).toThrow(/"alarmEmail" is not an email address/);
  });

  it.each(['0', '-5', '12.5', 'fast', '100001'])('refuses %s as a rate, naming the setting', (value) => {
    expect(() => settings({ sesSendRate: value })).toThrow(/"sesSendRate" must be a whole number per second/);
    expect(() => settings({ surveyPageRateLimit: value })).toThrow(/"surveyPageRateLimit" must be a whole number per second/);
  });
});

describe('sizing the mailer from the SES send rate', () => {
  it('keeps 2 instances at the default rate and scales with a raised quota, within Lambda limits', () => {
    expect(mailerConcurrencyFor(14)).toBe(2);
    expect(mailerConcurrencyFor(1)).toBe(2);
    expect(mailerConcurrencyFor(50)).toBe(2);
    expect(mailerConcurrencyFor(350)).toBe(14);
    expect(mailerConcurrencyFor(750)).toBe(30);
    expect(mailerConcurrencyFor(100_000)).toBe(1_000);
  });
});
