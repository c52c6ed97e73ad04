import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SesMailer } from '../../../functions/delivery/mailer.js';
import { DeliveryInProgress, sendInvitation, type SendInvitationDeps } from '../../../functions/delivery/send-invitation.js';
import { anInvitation, aProfile, NOW, REF, TOKEN } from '../support/fixtures.js';
import { InMemorySurveyStore } from '../support/in-memory-survey-store.js';

const ses = mockClient(SESv2Client);

afterEach(() => {
  ses.reset();
});

function setup(invitation = anInvitation(), profile = aProfile()) {
  const store = new InMemorySurveyStore();
  store.seed(invitation, profile);
  const deps: SendInvitationDeps = {
    store,
    mailer: new SesMailer(new SESv2Client({}), 'surveys@example.com'),
    now: () => NOW,
    brandName: 'Example Co',
    publicBaseUrl: 'https://feedback.example.com',
    leaseMs: 5 * 60 * 1000,
  };
  return { store, deps };
}

describe('sendInvitation', () => {
  it('emails the customer the survey link, from our sender, with an HTML and a text part', async () => {
    // Prepare
    const { deps } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('sent');
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'surveys@example.com',
      Destination: { ToAddresses: ['ana@example.org'] },
      Content: { Simple: { Subject: { Data: 'How was your phone call with Example Co?', Charset: 'UTF-8' } } },
    });
    const body = input.Content!.Simple!.Body!;
    expect(body.Html?.Data).toContain(`href="https://feedback.example.com/s/${TOKEN}"`);
    expect(body.Text?.Data).toContain(`https://feedback.example.com/s/${TOKEN}`);
    expect(body.Html?.Data).toContain('Hi Ana,');
  });

  it('marks the invitation sent', async () => {
    // Prepare
    const { store, deps } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    await sendInvitation(REF, deps);

    // Assess
    expect(await store.getInvitation(REF)).toMatchObject({ delivery: 'sent', status: 'sent', sentAt: NOW.toISOString() });
  });

  it('claims the invitation for five minutes before sending', async () => {
    // Prepare
    const { store, deps } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const claim = vi.spyOn(store, 'claimDelivery');

    // Act
    await sendInvitation(REF, deps);

    // Assess
    expect(claim).toHaveBeenCalledExactlyOnceWith(REF, '2026-03-02T10:00:00.000Z', '2026-03-02T10:05:00.000Z', expect.any(String));
  });

  it('sends nothing for an invitation already sent', async () => {
    // Prepare
    const { deps } = setup(anInvitation({ delivery: 'sent', status: 'sent' }));

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('already-sent');
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('sends nothing for an expired invitation', async () => {
    // Prepare
    const { store, deps } = setup(anInvitation({ expiresAt: NOW.toISOString() }));
    const claim = vi.spyOn(store, 'claimDelivery');

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('expired');
    expect(claim).not.toHaveBeenCalled();
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('sends nothing for an invitation that does not exist', async () => {
    // Prepare
    const { deps } = setup();

    // Act
    const result = await sendInvitation({ ...REF, interactionId: 'call-unknown' }, deps);

    // Assess
    expect(result).toBe('missing');
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('sends nothing when the customer has no profile', async () => {
    // Prepare
    const { store, deps } = setup();
    store.profiles.clear();

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('missing');
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('sends nothing when it loses the claim to a sender that then sent the email', async () => {
    // Prepare
    const { store, deps } = setup();
    vi.spyOn(store, 'claimDelivery').mockImplementation(async () => {
      store.invitations.get(REF.interactionId)!.delivery = 'sent';
      return false;
    });

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('already-sent');
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('fails, to be retried, while another sender holds the invitation', async () => {
    // Prepare
    const { store, deps } = setup();
    await store.claimDelivery(REF, NOW.toISOString(), '2026-03-02T10:04:00.000Z', 'another-sender');

    // Act
    const sending = sendInvitation(REF, deps);

    // Assess
    await expect(sending).rejects.toBeInstanceOf(DeliveryInProgress);
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('releases the invitation when SES fails, so that a retry can send it', async () => {
    // Prepare
    const { store, deps } = setup();
    const failure = Object.assign(new Error('Maximum sending rate exceeded'), { name: 'TooManyRequestsException' });
    ses.on(SendEmailCommand).rejects(failure);
    const claim = vi.spyOn(store, 'claimDelivery');
    const release = vi.spyOn(store, 'releaseDelivery');

    // Act
    const sending = sendInvitation(REF, deps);

    // Assess: released by the same attempt that claimed it
    await expect(sending).rejects.toThrow('Maximum sending rate exceeded');
    expect(release).toHaveBeenCalledExactlyOnceWith(REF, claim.mock.calls[0]![3]);
    expect(await store.getInvitation(REF)).toMatchObject({ delivery: 'pending', status: 'scheduled' });
  });
});
