import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBridgeEvent, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_BUS_NAME, eventRouting, openQueues, pollEventBridgeTarget, pollSqsTarget, type LocalQueues } from '../../../local/event-sources.js';

let dataDir: string;
let queues: LocalQueues;
const pollers: { stop: () => Promise<void> }[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'event-sources-'));
  queues = openQueues(dataDir, 30_000);
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

const interaction = { DetailType: 'Interaction Completed', Source: 'helpdesk', Detail: '{"interactionId":"call-1"}' };
const bounce = { DetailType: 'Email Bounced', Source: 'aws.ses', Detail: '{"eventType":"Bounce"}' };

describe('eventRouting', () => {
  it('queues Interaction Completed on the interactions bus for ingest, by name or ARN', () => {
    // Act
    const { putEvent } = eventRouting(queues);
    putEvent({ ...interaction, EventBusName: EVENT_BUS_NAME });
    putEvent({ ...interaction, EventBusName: `arn:aws:events:us-east-1:000000000000:event-bus/${EVENT_BUS_NAME}` });

    // Assess
    expect(queues.events.size()).toBe(2);
    expect(queues.sesFeedback.size()).toBe(0);
  });

  it('leaves Interaction Completed on the default bus unrouted, as the rule on our bus would', () => {
    // Act
    eventRouting(queues).putEvent(interaction);

    // Assess
    expect(queues.events.size()).toBe(0);
  });

  it('queues SES bounces and complaints from the default bus for the suppression function', () => {
    // Act
    const { putEvent } = eventRouting(queues);
    putEvent(bounce);
    putEvent({ ...bounce, DetailType: 'Email Complaint Received' });
    putEvent({ ...bounce, DetailType: 'Email Delivered' });

    // Assess
    expect(queues.sesFeedback.size()).toBe(2);
    expect(queues.events.size()).toBe(0);
  });

  it('stores the event with the id it answers', () => {
    // Act
    const id = eventRouting(queues).putEvent({ ...interaction, EventBusName: EVENT_BUS_NAME });

    // Assess
    const [message] = queues.events.receive(1);
    expect(JSON.parse(message!.body)).toEqual({ id, source: 'helpdesk', detailType: 'Interaction Completed', detail: '{"interactionId":"call-1"}' });
  });

  it('delivers a schedule to the invitations queue at its time, and refuses any other target', () => {
    // Prepare
    const { schedule } = eventRouting(queues);

    // Act
    schedule('reminder-1', new Date(Date.now() + 3_600_000), `arn:aws:sqs:local:000000000000:${queues.invitations.name}`, '{"reminder":true}');
    const elsewhere = () => schedule('other', new Date(), 'arn:aws:sqs:local:000000000000:unknown', '{}');

    // Assess
    expect(queues.invitations.delayed()).toBe(1);
    expect(elsewhere).toThrow(/No local queue for schedule target/);
  });
});

describe('pollEventBridgeTarget', () => {
  it('hands the target the event as EventBridge delivers it, then deletes the message', async () => {
    // Prepare
    const id = eventRouting(queues).putEvent({ ...interaction, EventBusName: EVENT_BUS_NAME });
    const target = vi.fn(async (_event: EventBridgeEvent<string, unknown>) => undefined);

    // Act
    pollers.push(pollEventBridgeTarget(queues.events, target));

    // Assess
    await vi.waitFor(() => expect(queues.events.size()).toBe(0));
    expect(target).toHaveBeenCalledOnce();
    expect(target.mock.calls[0]![0]).toMatchObject({ id, 'detail-type': 'Interaction Completed', source: 'helpdesk', detail: { interactionId: 'call-1' } });
  });

  it('keeps an event whose target threw, for a retry after the visibility timeout', async () => {
    // Prepare
    eventRouting(queues).putEvent(bounce);
    const target = vi.fn(async () => Promise.reject(new Error('table busy')));

    // Act
    pollers.push(pollEventBridgeTarget(queues.sesFeedback, target));

    // Assess
    await vi.waitFor(() => expect(target).toHaveBeenCalledOnce());
    await pollers.pop()!.stop();
    expect(queues.sesFeedback.depth()).toEqual({ visible: 0, inFlight: 1 });
  });
});

describe('pollSqsTarget', () => {
  it('deletes the delivered messages and keeps the batch item failures in flight', async () => {
    // Prepare
    const kept = queues.invitations.send('{"n":1}');
    queues.invitations.send('{"n":2}');
    const target = vi.fn(async (_event: SQSEvent) => ({ batchItemFailures: [{ itemIdentifier: kept.id }] }));

    // Act
    pollers.push(pollSqsTarget(queues.invitations, target));

    // Assess
    await vi.waitFor(() => expect(queues.invitations.size()).toBe(1));
    await pollers.pop()!.stop();
    const [event] = target.mock.calls[0]!;
    expect(event.Records.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}']);
    expect(event.Records[0]).toMatchObject({ messageId: kept.id, eventSource: 'aws:sqs', attributes: { ApproximateReceiveCount: '1' } });
    expect(queues.invitations.depth()).toEqual({ visible: 0, inFlight: 1 });
  });
});
