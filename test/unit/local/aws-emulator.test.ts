import type { Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startAwsEmulator } from '../../../local/aws-emulator.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

async function emulator(schedule = vi.fn()): Promise<string> {
  const started = await startAwsEmulator({ port: 0, queues: new Map(), putEvent: () => 'event-1', schedule });
  server = started.server;
  return started.url;
}

describe('the local EventBridge Scheduler', () => {
  it('creates a one-time schedule with an SQS target', async () => {
    // Prepare
    const schedule = vi.fn();
    const url = await emulator(schedule);

    // Act
    const res = await fetch(`${url}/schedules/reminder-1`, {
      method: 'POST',
      body: JSON.stringify({ ScheduleExpression: 'at(2030-01-02T03:04:05)', Target: { Arn: 'arn:aws:sqs:local:000000000000:invitations', Input: '{"n":1}' } }),
    });

    // Assess
    expect(res.status).toBe(200);
    expect(schedule).toHaveBeenCalledWith('reminder-1', new Date('2030-01-02T03:04:05Z'), 'arn:aws:sqs:local:000000000000:invitations', '{"n":1}');
  });

  it('refuses a schedule whose body is not JSON with a 400, scheduling nothing', async () => {
    // Prepare
    const schedule = vi.fn();
    const url = await emulator(schedule);

    // Act
    const res = await fetch(`${url}/schedules/reminder-1`, { method: 'POST', body: '{"ScheduleExpression":' });

    // Assess
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(schedule).not.toHaveBeenCalled();
  });
});

describe('the local SQS and EventBridge endpoint', () => {
  it.each(['{"QueueUrl":', 'null', '[1]'])('refuses the body %s with a SerializationException', async (body) => {
    // Prepare
    const url = await emulator();

    // Act
    const res = await fetch(url, { method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.SendMessage' }, body });

    // Assess
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'SerializationException' });
  });
});
