import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Interaction } from '../../../functions/domain/model.js';
import { EventBridgeSchedulerDelivery, invitationQueueFrom, SqsInvitationQueue } from '../../../functions/ingest/sqs-invitation-queue.js';
import { NOW, REF } from '../support/fixtures.js';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/invitations';
const SCHEDULER = {
  queueArn: 'arn:aws:sqs:us-east-1:123456789012:invitations',
  roleArn: 'arn:aws:iam::123456789012:role/scheduler-sends-invitations',
  groupName: 'feedback-invitations',
};
const sqs = mockClient(SQSClient);
const scheduler = mockClient(SchedulerClient);

const queue = new SqsInvitationQueue(new SQSClient({}), QUEUE_URL, new EventBridgeSchedulerDelivery(SCHEDULER), () => NOW);
const body = (kind: 'invitation' | 'reminder' = 'invitation') =>
  JSON.stringify({ customerId: REF.customerId, occurredAt: REF.occurredAt, interactionId: REF.interactionId, kind });
const inSeconds = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

afterEach(() => {
  sqs.reset();
  scheduler.reset();
});

describe('SqsInvitationQueue', () => {
  it('sends one message that points at the invitation, at once when no time is given', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    await queue.enqueue(REF);

    // Assess
    expect(sqs).toHaveReceivedCommandExactlyOnceWith(SendMessageCommand, { QueueUrl: QUEUE_URL, MessageBody: body() });
    expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).not.toHaveProperty('DelaySeconds');
  });

  it('never puts more than the pointer in the message, whatever it is given', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const interaction: Interaction = { ...REF, channel: 'voice', receivedAt: REF.occurredAt, subject: 'My card was stolen' };

    // Act
    await queue.enqueue(interaction);

    // Assess
    const sent = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!);
    expect(sent).toEqual({ ...REF, kind: 'invitation' });
  });

  it('says which email the message is for: the invitation or its reminder', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    await queue.enqueue(REF, { kind: 'reminder' });

    // Assess
    expect(sqs).toHaveReceivedCommandExactlyOnceWith(SendMessageCommand, { QueueUrl: QUEUE_URL, MessageBody: body('reminder') });
  });

  it('sends a message whose time has come without a delay', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    await queue.enqueue(REF, { notBefore: inSeconds(-30) });

    // Assess
    expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).not.toHaveProperty('DelaySeconds');
  });

  it.each([
    [600, 600],
    [600.2, 601],
    [900, 900],
  ])('holds back a message due in %d s on SQS for %d s, never less', async (dueIn, delay) => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    await queue.enqueue(REF, { notBefore: inSeconds(dueIn) });

    // Assess
    expect(sqs).toHaveReceivedCommandExactlyOnceWith(SendMessageCommand, { QueueUrl: QUEUE_URL, MessageBody: body(), DelaySeconds: delay });
    expect(scheduler).not.toHaveReceivedCommand(CreateScheduleCommand);
  });

  it('schedules a message due after 15 minutes with EventBridge Scheduler, once, at its time in UTC, onto the same queue', async () => {
    // Prepare
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/feedback-invitations/x' });

    // Act
    await queue.enqueue(REF, { notBefore: new Date('2026-03-02T11:30:00.000Z') });

    // Assess
    expect(scheduler).toHaveReceivedCommandExactlyOnceWith(CreateScheduleCommand, {
      Name: expect.stringMatching(/^invitation-[0-9a-f]{40}$/),
      GroupName: 'feedback-invitations',
      ScheduleExpression: 'at(2026-03-02T11:30:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: SCHEDULER.queueArn, RoleArn: SCHEDULER.roleArn, Input: body() },
    });
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('names the schedule after the invitation and the email, so that a retry schedules nothing twice', async () => {
    // Prepare
    scheduler.on(CreateScheduleCommand).resolves({});
    const later = { notBefore: inSeconds(901) };

    // Act
    await queue.enqueue(REF, later);
    await queue.enqueue(REF, later);
    await queue.enqueue(REF, { ...later, kind: 'reminder' });
    await queue.enqueue({ ...REF, interactionId: 'call-other' }, later);

    // Assess
    const names = scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input.Name);
    expect(names[0]).toBe(names[1]);
    expect(names[2]).toMatch(/^reminder-[0-9a-f]{40}$/);
    expect(new Set(names).size).toBe(3);
  });

  it('takes a schedule that already exists (an earlier attempt made it) as done', async () => {
    // Prepare
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'Schedule already exists', Message: 'Schedule already exists', $metadata: {} }));

    // Act
    const enqueuing = queue.enqueue(REF, { notBefore: inSeconds(3600) });

    // Assess
    await expect(enqueuing).resolves.toBeUndefined();
  });

  it('lets any other scheduler error through to the caller', async () => {
    // Prepare
    const failure = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    scheduler.on(CreateScheduleCommand).rejects(failure);

    // Act
    const enqueuing = queue.enqueue(REF, { notBefore: inSeconds(3600) });

    // Assess
    await expect(enqueuing).rejects.toThrow('Rate exceeded');
  });

  it('refuses a send more than 15 minutes ahead without a scheduler, naming the settings it needs, and queues nothing', async () => {
    // Prepare
    const withoutScheduler = new SqsInvitationQueue(new SQSClient({}), QUEUE_URL, undefined, () => NOW);

    // Act
    const enqueuing = withoutScheduler.enqueue(REF, { notBefore: inSeconds(901) });

    // Assess
    await expect(enqueuing).rejects.toThrow('A send more than 15 minutes ahead needs the scheduler (QUEUE_ARN, SCHEDULER_ROLE_ARN, SCHEDULER_GROUP)');
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
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

describe('invitationQueueFrom', () => {
  it('schedules later sends with the configured queue, role and group', async () => {
    // Prepare
    scheduler.on(CreateScheduleCommand).resolves({});
    const configured = invitationQueueFrom(
      { QUEUE_URL, QUEUE_ARN: SCHEDULER.queueArn, SCHEDULER_ROLE_ARN: SCHEDULER.roleArn, SCHEDULER_GROUP: 'feedback-invitations' },
      new SQSClient({}),
      () => NOW,
    );

    // Act
    await configured.enqueue(REF, { notBefore: inSeconds(3600) });

    // Assess
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, {
      GroupName: 'feedback-invitations',
      Target: { Arn: SCHEDULER.queueArn, RoleArn: SCHEDULER.roleArn, Input: body() },
    });
  });

  it("gives each schedule the invitation queue's dead-letter queue when configured, so a message refused for a day is kept", async () => {
    // Prepare
    scheduler.on(CreateScheduleCommand).resolves({});
    const deadLetterArn = 'arn:aws:sqs:us-east-1:123456789012:invitations-dead-letters';
    const configured = invitationQueueFrom(
      {
        QUEUE_URL,
        QUEUE_ARN: SCHEDULER.queueArn,
        SCHEDULER_ROLE_ARN: SCHEDULER.roleArn,
        SCHEDULER_GROUP: 'feedback-invitations',
        SCHEDULER_DEAD_LETTER_ARN: deadLetterArn,
      },
      new SQSClient({}),
      () => NOW,
    );

    // Act
    await configured.enqueue(REF, { notBefore: inSeconds(3600), kind: 'reminder' });

    // Assess
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, {
      Target: { Arn: SCHEDULER.queueArn, RoleArn: SCHEDULER.roleArn, Input: body('reminder'), DeadLetterConfig: { Arn: deadLetterArn } },
    });
  });

  it('has no scheduler unless all three of its settings are given', async () => {
    // Prepare
    const partly = invitationQueueFrom({ QUEUE_URL, QUEUE_ARN: SCHEDULER.queueArn, SCHEDULER_ROLE_ARN: SCHEDULER.roleArn }, new SQSClient({}), () => NOW);

    // Act
    const enqueuing = partly.enqueue(REF, { notBefore: inSeconds(3600) });

    // Assess
    await expect(enqueuing).rejects.toThrow(/needs the scheduler/);
    expect(scheduler).not.toHaveReceivedCommand(CreateScheduleCommand);
  });
});
