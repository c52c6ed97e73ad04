// The local endpoint for the two AWS services that have no npm emulator here: SQS (SendMessage) and
// EventBridge (PutEvents), spoken in their AWS JSON protocol so that the production SDK clients talk to it unchanged.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalQueue } from './local-queue.js';
import { readJson } from './request-body.js';

export interface EmulatorOptions {
  port: number;
  queues: Map<string, LocalQueue>;
  /** Receives each accepted event entry; it must store it durably before returning. */
  putEvent: (entry: { Source?: string; DetailType?: string; Detail?: string; EventBusName?: string }) => string;
  /** EventBridge Scheduler's CreateSchedule (one-time `at(...)` schedules with an SQS target). */
  schedule: (name: string, at: Date, targetArn: string, input: string) => void;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
}

function queueFor(queues: Map<string, LocalQueue>, url: unknown): LocalQueue | undefined {
  return typeof url === 'string' ? queues.get(url.split('/').pop() ?? '') : undefined;
}

export async function startAwsEmulator(options: EmulatorOptions): Promise<{ url: string; server: Server }> {
  const schedules = new Set<string>();
  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    // EventBridge Scheduler speaks REST-JSON: POST /schedules/{Name}.
    const scheduleName = req.method === 'POST' ? /^\/schedules\/([^/?]+)/.exec(req.url ?? '')?.[1] : undefined;
    if (scheduleName) {
      // A body that is not JSON gets the same 400 as one without a schedule.
      const input = (await readJson(req).catch(() => undefined)) as
        | { ScheduleExpression?: string; Target?: { Arn?: string; Input?: string } }
        | null
        | undefined;
      const at = /^at\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\)$/.exec(input?.ScheduleExpression ?? '')?.[1];
      if (!at || !input?.Target?.Arn || input.Target.Input === undefined) {
        return res
          .writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'ValidationException' })
          .end(JSON.stringify({ Message: 'Only at(...) schedules with a target and input are emulated' }));
      }
      if (schedules.has(scheduleName)) {
        return res
          .writeHead(409, { 'content-type': 'application/json', 'x-amzn-errortype': 'ConflictException' })
          .end(JSON.stringify({ Message: `Schedule ${scheduleName} already exists.` }));
      }
      schedules.add(scheduleName);
      options.schedule(scheduleName, new Date(`${at}Z`), input.Target.Arn, input.Target.Input);
      return res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ScheduleArn: `arn:aws:scheduler:local:000000000000:schedule/default/${scheduleName}` }));
    }
    const input = (await readJson(req).catch(() => undefined)) as Record<string, unknown> | null | undefined;
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return reply(res, 400, { __type: 'SerializationException', message: 'Body is not a JSON object' });
    switch (target) {
      case 'AmazonSQS.SendMessage': {
        const queue = queueFor(options.queues, input.QueueUrl);
        if (!queue) return reply(res, 400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
        const body = String(input.MessageBody ?? '');
        const message = queue.send(body, Number(input.DelaySeconds ?? 0) * 1000);
        return reply(res, 200, { MessageId: message.id, MD5OfMessageBody: md5(body) });
      }
      case 'AmazonSQS.ChangeMessageVisibility': {
        const queue = queueFor(options.queues, input.QueueUrl);
        if (!queue) return reply(res, 400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
        // Locally a receipt handle is the message id.
        if (!queue.changeVisibility(String(input.ReceiptHandle ?? ''), Number(input.VisibilityTimeout ?? 0) * 1000)) {
          return reply(res, 400, { __type: 'com.amazonaws.sqs#ReceiptHandleIsInvalid', message: 'The receipt handle is not valid.' });
        }
        return reply(res, 200, {});
      }
      case 'AmazonSQS.SendMessageBatch': {
        const queue = queueFor(options.queues, input.QueueUrl);
        if (!queue) return reply(res, 400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
        const entries = (input.Entries as Array<{ Id: string; MessageBody: string; DelaySeconds?: number }>) ?? [];
        const successful = entries.map((e) => {
          const message = queue.send(e.MessageBody, (e.DelaySeconds ?? 0) * 1000);
          return { Id: e.Id, MessageId: message.id, MD5OfMessageBody: md5(e.MessageBody) };
        });
        return reply(res, 200, { Successful: successful, Failed: [] });
      }
      case 'AWSEvents.PutEvents': {
        const entries = (input.Entries as Array<Record<string, string>>) ?? [];
        const results = entries.map((entry) =>
          entry.DetailType && entry.Detail && entry.Source
            ? { EventId: options.putEvent(entry) }
            : { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required' },
        );
        return reply(res, 200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
      }
      default:
        return reply(res, 400, { __type: 'UnknownOperationException', message: `Not emulated here: ${target || 'no X-Amz-Target'}` });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export const newEventId = () => randomUUID();
