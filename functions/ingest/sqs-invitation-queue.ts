// The adapter of the invitation queue (functions/ingest/invitation-queue.ts): SQS for what is due within 15 minutes
// (SQS's longest delay), EventBridge Scheduler for later sends, whose one-time schedule puts the same message on the same queue when due.
import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from '../shared/zod.js';
import type { InvitationRef } from '../domain/model.js';
import {
  invitationMessageSchema,
  MAX_SQS_DELAY_SECONDS,
  type InvitationQueue,
  type LaterDelivery,
  type MessageKind,
  type queueConfig,
} from './invitation-queue.js';

export class EventBridgeSchedulerDelivery implements LaterDelivery {
  /** Created on first use, then kept for the container's life. */
  private client: import('@aws-sdk/client-scheduler').SchedulerClient | undefined;

  constructor(private readonly config: { endpoint?: string; queueArn: string; roleArn: string; groupName: string; deadLetterArn?: string }) {}

  async at(name: string, when: Date, body: string): Promise<void> {
    // Loaded on this path only: most invitations are due within 15 minutes and never need the Scheduler client.
    const { SchedulerClient, CreateScheduleCommand, ConflictException } = await import('@aws-sdk/client-scheduler');
    this.client ??= new SchedulerClient({ endpoint: this.config.endpoint, maxAttempts: 5 });
    const client = this.client;
    try {
      await client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.config.groupName,
          ScheduleExpression: `at(${when.toISOString().slice(0, 19)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: this.config.queueArn,
            RoleArn: this.config.roleArn,
            Input: body,
            // A message the queue refused through all of the Scheduler's retries (24 hours) is kept, not dropped.
            ...(this.config.deadLetterArn ? { DeadLetterConfig: { Arn: this.config.deadLetterArn } } : {}),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error; // scheduled already by an earlier attempt
    }
  }
}

export class SqsInvitationQueue implements InvitationQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly later: LaterDelivery | undefined,
    private readonly now: () => Date,
  ) {}

  async enqueue(ref: InvitationRef, options: { notBefore?: Date; kind?: MessageKind } = {}): Promise<void> {
    const body = JSON.stringify(z.parse(invitationMessageSchema, { ...ref, kind: options.kind ?? 'invitation' }));
    const delaySeconds = Math.max(0, Math.ceil(((options.notBefore?.getTime() ?? 0) - this.now().getTime()) / 1000));
    if (delaySeconds <= MAX_SQS_DELAY_SECONDS) {
      await this.client.send(
        new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body, ...(delaySeconds > 0 ? { DelaySeconds: delaySeconds } : {}) }),
      );
      return;
    }
    if (!this.later) throw new Error('A send more than 15 minutes ahead needs the scheduler (QUEUE_ARN, SCHEDULER_ROLE_ARN, SCHEDULER_GROUP)');
    // One schedule per message: a retry finds its name taken and schedules nothing twice.
    const name = `${options.kind ?? 'invitation'}-${createHash('sha256').update(`${ref.customerId}|${ref.occurredAt}|${ref.interactionId}`).digest('hex').slice(0, 40)}`;
    await this.later.at(name, options.notBefore!, body);
  }
}

/** The queue as configured by queueConfig: the scheduler only where its three settings are given. */
export function invitationQueueFrom(config: z.infer<z.ZodMiniObject<typeof queueConfig>>, sqs: SQSClient, now: () => Date): InvitationQueue {
  const later =
    config.QUEUE_ARN && config.SCHEDULER_ROLE_ARN && config.SCHEDULER_GROUP
      ? new EventBridgeSchedulerDelivery({
          endpoint: config.SCHEDULER_ENDPOINT,
          queueArn: config.QUEUE_ARN,
          roleArn: config.SCHEDULER_ROLE_ARN,
          groupName: config.SCHEDULER_GROUP,
          ...(config.SCHEDULER_DEAD_LETTER_ARN ? { deadLetterArn: config.SCHEDULER_DEAD_LETTER_ARN } : {}),
        })
      : undefined;
  return new SqsInvitationQueue(sqs, config.QUEUE_URL, later, now);
}
