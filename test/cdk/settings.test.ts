// Deployment settings from CDK context: defaults, derivation of the SES identity, and refusal of a mismatch.
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { settingsFrom } from '../../lib/settings.js';

const settings = (context: Record<string, string> = {}) => settingsFrom(new App({ context }).node);

describe('deployment settings', () => {
  it('defaults to the example sender, its domain as identity and a placeholder brand', () => {
    expect(settings()).toEqual({ senderEmail: 'surveys@example.com', senderIdentity: 'example.com', brandName: 'Example Co' });
  });

  it("derives the SES identity from the sender's domain", () => {
    expect(settings({ senderEmail: 'surveys@feedback.acme.com' }).senderIdentity).toBe('feedback.acme.com');
  });

  it.each(['surveys@feedback.acme.com', 'feedback.acme.com', 'acme.com'])('accepts %s as the identity of surveys@feedback.acme.com', (senderIdentity) => {
    expect(settings({ senderEmail: 'surveys@feedback.acme.com', senderIdentity }).senderIdentity).toBe(senderIdentity);
  });

  it.each(['other.com', 'me.acme.com', 'cme.com', 'other@feedback.acme.com'])('refuses %s, which does not cover surveys@feedback.acme.com', (senderIdentity) => {
    expect(() => settings({ senderEmail: 'surveys@feedback.acme.com', senderIdentity })).toThrow(/does not cover/);
  });

  it('refuses a sender that is not an email address', () => {
    expect(() => settings({ senderEmail: 'surveys' })).toThrow(/not an email address/);
  });
});
