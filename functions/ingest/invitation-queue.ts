// The port to the invitation queue, and its SQS adapter: a message is only a pointer to the invitation, never personal data.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { InvitationRef } from '../store/survey-store.js';

export interface InvitationQueue {
  enqueue(ref: InvitationRef): Promise<void>;
}

export const invitationMessageSchema = z.object({
  customerId: z.string().min(1),
  occurredAt: z.string().min(1),
  interactionId: z.string().min(1),
});

export class SqsInvitationQueue implements InvitationQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(ref: InvitationRef): Promise<void> {
    const body = invitationMessageSchema.parse(ref);
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(body) }));
  }
}
