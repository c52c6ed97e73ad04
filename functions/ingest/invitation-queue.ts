// The port to the invitation queue, its message and its configuration; the SQS and EventBridge Scheduler adapter is
// functions/ingest/sqs-invitation-queue.ts. A message is only a pointer to the invitation, never personal data.
import * as z from '../shared/zod.js';
import type { InvitationRef } from '../domain/model.js';

export type MessageKind = 'invitation' | 'reminder';

export interface InvitationQueue {
  enqueue(ref: InvitationRef, options?: { notBefore?: Date; kind?: MessageKind }): Promise<void>;
}

export const invitationMessageSchema = z.object({
  customerId: z.string().check(z.minLength(1)),
  occurredAt: z.string().check(z.minLength(1)),
  interactionId: z.string().check(z.minLength(1)),
  kind: z._default(z.enum(['invitation', 'reminder']), 'invitation'),
});
export type InvitationMessage = z.infer<typeof invitationMessageSchema>;

/** SQS holds a message back for 15 minutes at most. */
export const MAX_SQS_DELAY_SECONDS = 900;

/** Puts a message on the queue at a later time (EventBridge Scheduler in AWS and in the local emulator). */
export interface LaterDelivery {
  at(name: string, when: Date, body: string): Promise<void>;
}

/** The environment of every function that queues invitations (ingest, and delivery for reminders). */
export const queueConfig = {
  QUEUE_URL: z.url(),
  SQS_ENDPOINT: z.optional(z.url()),
  QUEUE_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  SCHEDULER_ROLE_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  SCHEDULER_GROUP: z.optional(z.string().check(z.minLength(1))),
  /** Where the Scheduler puts a message it could not deliver: the invitation queue's dead-letter queue. */
  SCHEDULER_DEAD_LETTER_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  SCHEDULER_ENDPOINT: z.optional(z.url()),
};
