import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesMailer } from '../../../functions/delivery/ses-mailer.js';

const ses = mockClient(SESv2Client);
const mailer = new SesMailer(new SESv2Client({}), 'surveys@example.com');

afterEach(() => {
  ses.reset();
});

describe('SesMailer', () => {
  it('sends one simple UTF-8 email with a subject, an HTML part and a text part', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    await mailer.send({ to: 'ana@example.org', subject: 'How was your chat?', html: '<p>Hallo Anaïs</p>', text: 'Hallo Anaïs' });

    // Assess
    expect(ses).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, {
      FromEmailAddress: 'surveys@example.com',
      Destination: { ToAddresses: ['ana@example.org'] },
      Content: {
        Simple: {
          Subject: { Data: 'How was your chat?', Charset: 'UTF-8' },
          Body: { Html: { Data: '<p>Hallo Anaïs</p>', Charset: 'UTF-8' }, Text: { Data: 'Hallo Anaïs', Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('adds the headers it is given, such as one-click unsubscribe', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const headers = { 'List-Unsubscribe': '<https://feedback.example.com/u/t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };

    // Act
    await mailer.send({ to: 'ana@example.org', subject: 's', html: 'h', text: 't', headers });

    // Assess
    expect(ses).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, {
      FromEmailAddress: 'surveys@example.com',
      Destination: { ToAddresses: ['ana@example.org'] },
      Content: {
        Simple: {
          Subject: { Data: 's', Charset: 'UTF-8' },
          Body: { Html: { Data: 'h', Charset: 'UTF-8' }, Text: { Data: 't', Charset: 'UTF-8' } },
          Headers: [
            { Name: 'List-Unsubscribe', Value: '<https://feedback.example.com/u/t>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
    });
  });

  it('sends through the configuration set that reports bounces and complaints, when there is one', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const configured = new SesMailer(new SESv2Client({}), 'surveys@example.com', 'feedback-events');

    // Act
    await configured.send({ to: 'ana@example.org', subject: 's', html: 'h', text: 't' });

    // Assess
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, { ConfigurationSetName: 'feedback-events' });
  });

  it("answers SES's message id", async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    const result = await mailer.send({ to: 'ana@example.org', subject: 's', html: 'h', text: 't' });

    // Assess
    expect(result).toEqual({ messageId: 'ses-1' });
  });
});
