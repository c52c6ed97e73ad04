import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Invitation } from '../../../functions/domain/model.js';
import { SesMailer } from '../../../functions/delivery/ses-mailer.js';
import { RECHECK_CLAIMED_MS, sendInvitation, type SendInvitationDeps } from '../../../functions/delivery/send-invitation.js';
import { anInvitation, aProfile, NOW, REF, TOKEN } from '../support/fixtures.js';
import { InMemoryInvitationQueue, InMemoryDeliveryLeases } from '../support/in-memory-survey-store.js';
import { captureMetrics } from '../support/metrics.js';

const ses = mockClient(SESv2Client);

afterEach(() => {
  ses.reset();
  vi.restoreAllMocks();
});

const DAY_MS = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const UNSUBSCRIBE_HEADERS = [
  { Name: 'List-Unsubscribe', Value: `<https://feedback.example.com/u/${TOKEN}>` },
  { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
];

/** An invitation emailed three days ago, unanswered, whose one reminder is due now. */
function aDeliveredInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return anInvitation({
    createdAt: at(-3 * DAY_MS),
    sendAt: at(-3 * DAY_MS),
    expiresAt: at(27 * DAY_MS),
    status: 'sent',
    delivery: 'sent',
    sentAt: at(-3 * DAY_MS),
    reminderAt: NOW.toISOString(),
    reminderScheduled: true,
    ...overrides,
  });
}

function setup(invitation = anInvitation(), profile = aProfile()) {
  const store = new InMemoryDeliveryLeases();
  store.seed(invitation, profile);
  const queue = new InMemoryInvitationQueue();
  const deps: SendInvitationDeps = {
    leases: store,
    mailer: new SesMailer(new SESv2Client({}), 'surveys@example.com'),
    queue,
    now: () => NOW,
    brandName: 'Example Co',
    publicBaseUrl: 'https://feedback.example.com',
    leaseMs: 5 * 60 * 1000,
  };
  return { store, queue, deps };
}

const sentEmail = () => ses.commandCalls(SendEmailCommand)[0]!.args[0].input;

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
    const input = sentEmail();
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

  it('offers one-click unsubscribe (RFC 8058) in the headers of the email', async () => {
    // Prepare
    const { deps } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    await sendInvitation(REF, deps);

    // Assess
    expect(sentEmail().Content!.Simple!.Headers).toEqual(UNSUBSCRIBE_HEADERS);
  });

  it('puts its own unsubscribe token, never the survey token, in List-Unsubscribe and in the footer link', async () => {
    // Prepare
    const unsubscribeToken = 'U'.repeat(32);
    const { deps } = setup(anInvitation({ unsubscribeToken }));
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    await sendInvitation(REF, deps);

    // Assess: mailbox providers get a link that can unsubscribe and nothing else
    const { Headers, Body } = sentEmail().Content!.Simple!;
    expect(Headers).toEqual([
      { Name: 'List-Unsubscribe', Value: `<https://feedback.example.com/u/${unsubscribeToken}>` },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
    expect(JSON.stringify(Headers)).not.toContain(TOKEN);
    expect(Body!.Html?.Data).toContain(`href="https://feedback.example.com/u/${unsubscribeToken}"`);
    expect(Body!.Text?.Data).toContain(`https://feedback.example.com/u/${unsubscribeToken}`);
    expect(Body!.Html?.Data).not.toContain(`/u/${TOKEN}`);
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
    expect(claim).toHaveBeenCalledExactlyOnceWith(REF, '2026-03-02T10:00:00.000Z', '2026-03-02T10:05:00.000Z', expect.any(String), 'invitation');
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

  it('queues itself again to look later, sending nothing, while another message holds the invitation', async () => {
    // Prepare
    const { store, queue, deps } = setup();
    await store.claimDelivery(REF, NOW.toISOString(), '2026-03-02T10:04:00.000Z', 'another-message');

    // Act
    const result = await sendInvitation(REF, deps, 'invitation', 'this-message');

    // Assess: not a failure (a failure spends one of the message's receives, and five end in the dead-letter queue)
    expect(result).toBe('claimed-elsewhere');
    expect(queue.messages).toEqual([{ ref: REF, kind: 'invitation', notBefore: new Date(NOW.getTime() + RECHECK_CLAIMED_MS) }]);
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('sends once when a redelivered message finds the claim its last attempt wrote but heard fail', async () => {
    // Prepare: the claim is written, its answer lost (DynamoDB's write went through, the caller got a 500)
    const { store, queue, deps } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const claim = store.claimDelivery.bind(store);
    vi.spyOn(store, 'claimDelivery').mockImplementationOnce(async (...args) => {
      await claim(...args);
      throw Object.assign(new Error('Injected: internal server error'), { $fault: 'server' });
    });
    await expect(sendInvitation(REF, deps, 'invitation', 'message-1')).rejects.toThrow('Injected');

    // Act: the same queue message, delivered again
    const result = await sendInvitation(REF, deps, 'invitation', 'message-1');

    // Assess: sent at once, not held back until the lease runs out
    expect(result).toBe('sent');
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(queue.messages.filter((m) => m.kind === 'invitation')).toEqual([]);
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
    expect(release).toHaveBeenCalledExactlyOnceWith(REF, claim.mock.calls[0]![3], 'invitation');
    expect(await store.getInvitation(REF)).toMatchObject({ delivery: 'pending', status: 'scheduled' });
  });
});

describe('sendInvitation before its time', () => {
  it('queues an invitation that is not due yet again for its send time, and sends nothing', async () => {
    // Prepare
    const { store, queue, deps } = setup(anInvitation({ sendAt: at(2 * 60 * 60_000) }));
    const claim = vi.spyOn(store, 'claimDelivery');

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('not-due');
    expect(queue.messages).toEqual([{ ref: REF, kind: 'invitation', notBefore: new Date(at(2 * 60 * 60_000)) }]);
    expect(claim).not.toHaveBeenCalled();
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('sends an invitation delivered up to a second early (a schedule fires on the whole second)', async () => {
    // Prepare
    const { queue, deps } = setup(anInvitation({ sendAt: at(900) }));
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('sent');
    expect(queue.messages).toEqual([]);
  });
});

describe('sendInvitation to a customer who must not get it', () => {
  it('cancels the email of a customer who unsubscribed, and sends nothing', async () => {
    // Prepare
    const { store, deps } = setup(anInvitation(), aProfile({ unsubscribedAt: '2026-03-01T08:00:00.000Z' }));
    const claim = vi.spyOn(store, 'claimDelivery');

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('cancelled');
    expect(await store.getInvitation(REF)).toMatchObject({ delivery: 'cancelled', cancelReason: 'unsubscribed', status: 'scheduled' });
    expect(claim).not.toHaveBeenCalled();
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('cancels the email to an address that bounced or complained, and sends nothing', async () => {
    // Prepare
    const { store, deps } = setup();
    store.suppress('Ana@Example.org');

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('cancelled');
    expect(await store.getInvitation(REF)).toMatchObject({ delivery: 'cancelled', cancelReason: 'suppressed' });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('sends nothing for an invitation cancelled earlier, even after the customer is reachable again', async () => {
    // Prepare
    const { deps } = setup(anInvitation({ delivery: 'cancelled', cancelReason: 'suppressed' }));

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('cancelled');
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('queues no reminder for a cancelled invitation', async () => {
    // Prepare
    const { queue, deps } = setup(anInvitation({ reminderAt: at(3 * DAY_MS) }), aProfile({ unsubscribedAt: '2026-03-01T08:00:00.000Z' }));

    // Act
    await sendInvitation(REF, deps);

    // Assess
    expect(queue.messages).toEqual([]);
  });
});

describe('sendInvitation and the reminder', () => {
  it('queues the reminder for its day once the invitation is sent, and remembers it did', async () => {
    // Prepare
    const { store, queue, deps } = setup(anInvitation({ sendAt: NOW.toISOString(), reminderAt: at(3 * DAY_MS) }));
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    await sendInvitation(REF, deps);

    // Assess
    expect(queue.messages).toEqual([{ ref: REF, kind: 'reminder', notBefore: new Date(at(3 * DAY_MS)) }]);
    expect((await store.getInvitation(REF))?.reminderScheduled).toBe(true);
  });

  it('queues the reminder only after the email went out and was recorded', async () => {
    // Prepare
    const { store, queue, deps } = setup(anInvitation({ sendAt: NOW.toISOString(), reminderAt: at(3 * DAY_MS) }));
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const send = vi.spyOn(deps.mailer, 'send');
    const markSent = vi.spyOn(store, 'markSent');
    const enqueue = vi.spyOn(queue, 'enqueue');

    // Act
    await sendInvitation(REF, deps);

    // Assess
    expect(send.mock.invocationCallOrder[0]!).toBeLessThan(markSent.mock.invocationCallOrder[0]!);
    expect(markSent.mock.invocationCallOrder[0]!).toBeLessThan(enqueue.mock.invocationCallOrder[0]!);
  });

  it('queues no reminder when SES refused the invitation', async () => {
    // Prepare
    const { queue, deps } = setup(anInvitation({ reminderAt: at(3 * DAY_MS) }));
    ses.on(SendEmailCommand).rejects(new Error('Service unavailable'));

    // Act
    const sending = sendInvitation(REF, deps);

    // Assess
    await expect(sending).rejects.toThrow('Service unavailable');
    expect(queue.messages).toEqual([]);
  });

  it('queues the reminder once, however often the invitation message comes back', async () => {
    // Prepare
    const { queue, deps } = setup(anInvitation({ reminderAt: at(3 * DAY_MS) }));
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    await sendInvitation(REF, deps);

    // Act
    const again = await sendInvitation(REF, deps);

    // Assess
    expect(again).toBe('already-sent');
    expect(queue.messages.filter((m) => m.kind === 'reminder')).toHaveLength(1);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
  });

  it('moves the reminder of an email that went out late by as much, so the two never arrive one behind the other', async () => {
    // Prepare: due at NOW - 2 days (an outage held it), reminder planned for NOW + 1 day
    const { queue, deps } = setup(anInvitation({ sendAt: at(-2 * DAY_MS), reminderAt: at(1 * DAY_MS) }));
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    await sendInvitation(REF, deps);

    // Assess
    expect(queue.messages).toEqual([{ ref: REF, kind: 'reminder', notBefore: new Date(at(3 * DAY_MS)) }]);
  });

  it('queues the reminder of a sent invitation when an earlier attempt could not', async () => {
    // Prepare
    const { queue, deps } = setup(
      anInvitation({ delivery: 'sent', status: 'sent', sendAt: NOW.toISOString(), sentAt: NOW.toISOString(), reminderAt: at(3 * DAY_MS) }),
    );

    // Act
    const result = await sendInvitation(REF, deps);

    // Assess
    expect(result).toBe('already-sent');
    expect(queue.messages).toEqual([{ ref: REF, kind: 'reminder', notBefore: new Date(at(3 * DAY_MS)) }]);
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('queues no reminder on a channel that sends none', async () => {
    // Prepare
    const { store, queue, deps } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    await sendInvitation(REF, deps);

    // Assess
    expect(queue.messages).toEqual([]);
    expect((await store.getInvitation(REF))?.reminderScheduled).toBeUndefined();
  });

  it('queues no reminder that would fall after the link expired', async () => {
    // Prepare
    const { queue, deps } = setup(anInvitation({ reminderAt: anInvitation().expiresAt }));
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    await sendInvitation(REF, deps);

    // Assess
    expect(queue.messages).toEqual([]);
  });

  it('sends the reminder of a delivered, unanswered invitation, as a reminder, with the unsubscribe headers', async () => {
    // Prepare
    const { store, deps } = setup(aDeliveredInvitation());
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });

    // Act
    const result = await sendInvitation(REF, deps, 'reminder');

    // Assess
    expect(result).toBe('sent');
    const input = sentEmail();
    expect(input.Destination).toEqual({ ToAddresses: ['ana@example.org'] });
    expect(input.Content!.Simple!.Subject!.Data).toBe('A reminder: how was your phone call with Example Co?');
    expect(input.Content!.Simple!.Body!.Html!.Data).toContain(`href="https://feedback.example.com/s/${TOKEN}"`);
    expect(input.Content!.Simple!.Headers).toEqual(UNSUBSCRIBE_HEADERS);
    expect(await store.getInvitation(REF)).toMatchObject({
      reminderDelivery: 'sent',
      reminderSentAt: NOW.toISOString(),
      delivery: 'sent',
      status: 'sent',
      sentAt: at(-3 * DAY_MS),
    });
  });

  it('claims the reminder under its own lease, not the invitation’s', async () => {
    // Prepare
    const { store, deps } = setup(aDeliveredInvitation());
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    const claim = vi.spyOn(store, 'claimDelivery');

    // Act
    await sendInvitation(REF, deps, 'reminder');

    // Assess
    expect(claim).toHaveBeenCalledExactlyOnceWith(REF, NOW.toISOString(), '2026-03-02T10:05:00.000Z', expect.any(String), 'reminder');
  });

  it('sends no reminder for an invitation that was answered', async () => {
    // Prepare
    const { deps } = setup(aDeliveredInvitation({ status: 'answered', answeredAt: at(-DAY_MS) }));

    // Act
    const result = await sendInvitation(REF, deps, 'reminder');

    // Assess
    expect(result).toBe('answered');
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it.each(['pending', 'sending', 'cancelled'] as const)('sends no reminder for an invitation whose email is %s', async (delivery) => {
    // Prepare
    const { deps } = setup(aDeliveredInvitation({ delivery, status: 'scheduled' }));

    // Act
    await sendInvitation(REF, deps, 'reminder');

    // Assess
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('never sends a reminder once the link expired', async () => {
    // Prepare
    const { deps } = setup(aDeliveredInvitation({ expiresAt: NOW.toISOString() }));

    // Act
    const result = await sendInvitation(REF, deps, 'reminder');

    // Assess
    expect(result).toBe('expired');
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('sends the reminder once, however often its message comes back', async () => {
    // Prepare
    const { deps } = setup(aDeliveredInvitation());
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    await sendInvitation(REF, deps, 'reminder');

    // Act
    const again = await sendInvitation(REF, deps, 'reminder');

    // Assess
    expect(again).toBe('already-sent');
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
  });

  it('queues a reminder that came too early again for its day', async () => {
    // Prepare
    const { queue, deps } = setup(aDeliveredInvitation({ reminderAt: at(DAY_MS) }));

    // Act
    const result = await sendInvitation(REF, deps, 'reminder');

    // Assess
    expect(result).toBe('not-due');
    expect(queue.messages).toEqual([{ ref: REF, kind: 'reminder', notBefore: new Date(at(DAY_MS)) }]);
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('cancels the reminder of a customer who unsubscribed after the invitation, keeping the invitation sent', async () => {
    // Prepare
    const { store, deps } = setup(aDeliveredInvitation(), aProfile({ unsubscribedAt: at(-DAY_MS) }));

    // Act
    const result = await sendInvitation(REF, deps, 'reminder');

    // Assess
    expect(result).toBe('cancelled');
    expect(await store.getInvitation(REF)).toMatchObject({ delivery: 'sent', reminderDelivery: 'cancelled', reminderCancelReason: 'unsubscribed' });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('cancels the reminder to an address suppressed after the invitation', async () => {
    // Prepare
    const { store, deps } = setup(aDeliveredInvitation());
    store.suppress('ana@example.org');

    // Act
    const result = await sendInvitation(REF, deps, 'reminder');

    // Assess
    expect(result).toBe('cancelled');
    expect(await store.getInvitation(REF)).toMatchObject({ reminderDelivery: 'cancelled', reminderCancelReason: 'suppressed' });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });
});

describe('sendInvitation business metrics', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('counts a survey sent once it is sent, and nothing for a repeat of the message', async () => {
    // Prepare
    const { deps } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const counted = captureMetrics();

    // Act
    await sendInvitation(REF, deps);
    await sendInvitation(REF, deps);

    // Assess
    expect(counted).toEqual([{ name: 'SurveySent', dimensions: {} }]);
  });

  it('counts a reminder as a reminder, not as another survey sent', async () => {
    // Prepare
    const { deps } = setup(aDeliveredInvitation());
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    const counted = captureMetrics();

    // Act
    await sendInvitation(REF, deps, 'reminder');

    // Assess
    expect(counted).toEqual([{ name: 'ReminderSent', dimensions: {} }]);
  });

  it('counts nothing when SES refuses the email', async () => {
    // Prepare
    const { deps } = setup();
    ses.on(SendEmailCommand).rejects(new Error('throttled'));
    const counted = captureMetrics();

    // Act
    await sendInvitation(REF, deps).catch(() => undefined);

    // Assess
    expect(counted).toEqual([]);
  });
});
