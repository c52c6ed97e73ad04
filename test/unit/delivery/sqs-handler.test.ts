import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SesMailer } from '../../../functions/delivery/ses-mailer.js';
import { makeDeliveryHandler } from '../../../functions/delivery/sqs-handler.js';
import type { InvitationRef } from '../../../functions/domain/model.js';
import { sqsEvent, sqsRecord } from '../support/events.js';
import { anInvitation, aProfile, NOW } from '../support/fixtures.js';
import { InMemoryInvitationQueue, InMemoryDeliveryLeases } from '../support/in-memory-survey-store.js';

const ses = mockClient(SESv2Client);

afterEach(() => {
  ses.reset();
});

const ana: InvitationRef = { customerId: 'cust-ana', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'call-ana' };
const ben: InvitationRef = { customerId: 'cust-ben', occurredAt: '2026-03-02T09:40:00.000Z', interactionId: 'call-ben' };

function setup() {
  const store = new InMemoryDeliveryLeases();
  store.seed(anInvitation({ ...ana, token: 'ana_token_ana_token_ana_token_000' }), aProfile({ id: ana.customerId, email: 'ana@example.org' }));
  store.seed(anInvitation({ ...ben, token: 'ben_token_ben_token_ben_token_000' }), aProfile({ id: ben.customerId, email: 'ben@example.org', name: 'Ben' }));
  const handle = makeDeliveryHandler({
    leases: store,
    queue: new InMemoryInvitationQueue(),
    mailer: new SesMailer(new SESv2Client({}), 'surveys@example.com'),
    now: () => NOW,
    brandName: 'Example Co',
    publicBaseUrl: 'https://feedback.example.com',
    leaseMs: 5 * 60 * 1000,
  });
  return { store, handle };
}

describe('the invitation queue consumer', () => {
  it('emails every invitation of the batch and reports no failures', async () => {
    // Prepare
    const { handle } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    const response = await handle(sqsEvent(sqsRecord('m-ana', JSON.stringify(ana)), sqsRecord('m-ben', JSON.stringify(ben))));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, { Destination: { ToAddresses: ['ana@example.org'] } });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, { Destination: { ToAddresses: ['ben@example.org'] } });
  });

  it('sends one email for a message delivered twice', async () => {
    // Prepare
    const { handle } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    await handle(sqsEvent(sqsRecord('m-1', JSON.stringify(ana))));

    // Act
    const response = await handle(sqsEvent(sqsRecord('m-1', JSON.stringify(ana))));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
  });

  it('reports only the record whose email SES refused, releasing its invitation, while the others are sent', async () => {
    // Prepare
    const { store, handle } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    ses.on(SendEmailCommand, { Destination: { ToAddresses: ['ben@example.org'] } }).rejects(new Error('Service unavailable'));
    const release = vi.spyOn(store, 'releaseDelivery');

    // Act
    const response = await handle(sqsEvent(sqsRecord('m-ana', JSON.stringify(ana)), sqsRecord('m-ben', JSON.stringify(ben))));

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-ben' }] });
    expect(release).toHaveBeenCalledExactlyOnceWith(ben, expect.any(String), 'invitation');
    expect((await store.getInvitation(ana))?.delivery).toBe('sent');
    expect((await store.getInvitation(ben))?.delivery).toBe('pending');
  });

  it.each([
    ['not JSON', 'customerId=cust-ana'],
    ['JSON without the interaction', JSON.stringify({ customerId: ana.customerId, occurredAt: ana.occurredAt })],
    ['JSON null', 'null'],
  ])('reports a record whose body is %s, and still sends the others', async (_what, body) => {
    // Prepare
    const { handle } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    const response = await handle(sqsEvent(sqsRecord('m-bad', body), sqsRecord('m-ben', JSON.stringify(ben))));

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    expect(ses).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, { Destination: { ToAddresses: ['ben@example.org'] } });
  });

  it('takes an expired invitation off the queue without an email', async () => {
    // Prepare
    const { store, handle } = setup();
    store.invitations.get(ana.interactionId)!.expiresAt = '2026-03-01T00:00:00.000Z';

    // Act
    const response = await handle(sqsEvent(sqsRecord('m-ana', JSON.stringify(ana))));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('sends the reminder a message asks for, and only that', async () => {
    // Prepare
    const { store, handle } = setup();
    Object.assign(store.invitations.get(ana.interactionId)!, {
      delivery: 'sent',
      status: 'sent',
      sentAt: '2026-02-27T10:00:00.000Z',
      reminderAt: NOW.toISOString(),
    });
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    const response = await handle(sqsEvent(sqsRecord('m-ana', JSON.stringify({ ...ana, kind: 'reminder' }))));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Subject!.Data).toMatch(/^A reminder: /);
    expect(await store.getInvitation(ana)).toMatchObject({
      delivery: 'sent',
      sentAt: '2026-02-27T10:00:00.000Z',
      reminderDelivery: 'sent',
      reminderSentAt: NOW.toISOString(),
    });
  });

  it('reports a record that asks for an email of an unknown kind', async () => {
    // Prepare
    const { handle } = setup();

    // Act
    const response = await handle(sqsEvent(sqsRecord('m-ana', JSON.stringify({ ...ana, kind: 'newsletter' }))));

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-ana' }] });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('takes an already-sent invitation off the queue without an email', async () => {
    // Prepare
    const { store, handle } = setup();
    store.invitations.get(ana.interactionId)!.delivery = 'sent';

    // Act
    const response = await handle(sqsEvent(sqsRecord('m-ana', JSON.stringify(ana))));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });
});
