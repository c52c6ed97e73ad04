import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Interaction } from '../../../functions/domain/model.js';
import { SqsInvitationQueue } from '../../../functions/ingest/invitation-queue.js';
import { REF } from '../support/fixtures.js';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/invitations';
const sqs = mockClient(SQSClient);
const queue = new SqsInvitationQueue(new SQSClient({}), QUEUE_URL);

afterEach(() => {
  sqs.reset();
});

describe('SqsInvitationQueue', () => {
  it('sends one message that points at the invitation', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    await queue.enqueue(REF);

    // Assess
    expect(sqs).toHaveReceivedCommandExactlyOnceWith(SendMessageCommand, {
      QueueUrl: QUEUE_URL,
      MessageBody: JSON.stringify({ customerId: REF.customerId, occurredAt: REF.occurredAt, interactionId: REF.interactionId }),
    });
  });

  it('never puts more than the pointer in the message, whatever it is given', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const interaction: Interaction = { ...REF, channel: 'voice', receivedAt: REF.occurredAt, subject: 'My card was stolen' };

    // Act
    await queue.enqueue(interaction);

    // Assess
    const body = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!);
    expect(body).toEqual(REF);
  });

  it('lets a failed send through to the caller', async () => {
    // Prepare
    const failure = new Error('queue unavailable');
    sqs.on(SendMessageCommand).rejects(failure);

    // Act
    const sending = queue.enqueue(REF);

    // Assess
    await expect(sending).rejects.toThrow('queue unavailable');
  });
});
