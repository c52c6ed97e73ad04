// Dollars per 1,000 surveys: a full lifecycle on the local stack (interaction over HTTP, email through the queue and
// SES, the reminder three days later through the scheduler, the customer's click on a rating link, the answer, the
// aggregation), with every real call counted: DynamoDB
// capacity as DynamoDB returns it (ReturnConsumedCapacity: TOTAL, added by the bench's client middleware), Lambda
// invocations and their measured durations x the memory CDK configures, SES messages, API requests, queue requests
// and log bytes; then priced with bench/prices.ts.
import { performance } from 'node:perf_hooks';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { FunctionName } from '../../functions/routes.js';
import { defaultDefinition } from '../../functions/domain/survey-definition.js';
import { advanceClock } from '../../functions/shared/clock.js';
import { customerPk, emailLookupKey, interactionGuardKey, tokenKey } from '../../functions/store/keys.js';
import { MEMORY_SIZE_MB } from '../../lib/bundling.js';
import { PRICES } from '../prices.js';
import { pool } from '../../local/pool.js';
import { interactionBody, postInteraction, runId } from '../lib/fixtures.js';
import type { Instrumentation, Invocation, DynamoCall } from '../lib/instrument.js';
import { itemSize } from '../lib/item-size.js';
import type { BenchStack } from '../lib/local.js';
import { spread, type Spread } from '../lib/stats.js';

export const TARGET_DOLLARS_PER_1000 = 0.25;

/** Lambda's START, END and REPORT lines per invocation (text log format), estimated. */
const PLATFORM_LOG_BYTES_PER_INVOCATION = 300;
/** One line of the API's access log in the format lib/http-api.ts configures, with typical values. */
const ACCESS_LOG_LINE = JSON.stringify({
  requestId: 'Ab1Cd2Ef3Gh4Ij=',
  requestTime: '24/Nov/2026:10:00:00 +0000',
  ip: '203.0.113.10',
  routeKey: 'POST /interactions',
  status: '202',
  protocol: 'HTTP/1.1',
  responseLength: '98',
  latency: '45',
  integrationError: '-',
  authorizerError: '-',
});
/** DynamoDB's per-item storage overhead (and per index entry). */
const ITEM_OVERHEAD_BYTES = 100;
/** Share of invocations that start cold (and pay INIT, billed since 2025-08-01) under steady traffic: an assumption. */
const COLD_SHARE = 0.01;
/** The default program's reminder delay (the bench's interactions use the default definitions). */
const REMINDER_AFTER_DAYS = defaultDefinition('chat').reminder.afterDays;

export interface PhaseUsage {
  invocations: Record<string, { count: number; records: number; durationMs: Spread; billedGbSeconds: number; failed: number }>;
  dynamodb: {
    calls: number;
    readUnits: number;
    writeUnits: number;
    writeUnitsReportedByLocal: number;
    byFunction: Record<string, { read: number; write: number; calls: number }>;
  };
  logBytes: number;
  apiRequests: number;
  sesMessages: number;
  sqsRequests: number;
  /** One-time schedules that fired (delayed sends and reminders through EventBridge Scheduler). */
  schedulerInvocations: number;
}

export interface CostLine {
  item: string;
  perSurvey: number;
  unit: string;
  unitPrice: number;
  dollarsPer1000: number;
}

export interface CostResult {
  surveys: number;
  answered: number;
  emails: number;
  /** Reminder emails the reminder phase sent (one per unanswered survey). */
  reminders: number;
  phases: { sent: PhaseUsage; reminder: PhaseUsage; answered: PhaseUsage };
  /** Priced lines per survey sent, per reminder (a survey not answered within its reminder delay) and per answer. */
  lines: { sent: CostLine[]; reminder: CostLine[]; answered: CostLine[] };
  /**
   * Per 1,000 surveys sent: the send alone, a reminder, an answer; and all in when none, a quarter or all are answered
   * (an unanswered survey gets its reminder; answered ones are taken as answered before it).
   */
  dollarsPer1000: { sent: number; reminder: number; answerCost: number; noneAnswered: number; quarterAnswered: number; allAnswered: number };
  /** If Lambda ran 3x slower than measured here (512 MB is about a third of a vCPU): the all-answered figure. */
  allAnsweredWithLambda3x: number;
  storage: { bytesPerSurvey: number; dollarsPerMonthPer1000: number };
  target: number;
  prices: typeof PRICES;
  assumptions: string[];
}

function usage(
  invocations: Invocation[],
  calls: DynamoCall[],
  logBytes: Map<string, number>,
  extra: { apiRequests: number; sesMessages: number; schedulerInvocations: number },
): PhaseUsage {
  const byFn = new Map<string, Invocation[]>();
  for (const i of invocations) byFn.set(i.fn, [...(byFn.get(i.fn) ?? []), i]);
  const invocationUsage: PhaseUsage['invocations'] = {};
  for (const [fn, list] of byFn) {
    invocationUsage[fn] = {
      count: list.length,
      records: list.reduce((n, i) => n + i.records, 0),
      durationMs: spread(list.map((i) => i.ms)),
      billedGbSeconds: list.reduce((s, i) => s + (Math.ceil(i.ms) / 1000) * (MEMORY_SIZE_MB / 1024), 0),
      failed: list.filter((i) => i.failed).length,
    };
  }
  const byFunction: PhaseUsage['dynamodb']['byFunction'] = {};
  for (const c of calls) {
    const f = (byFunction[c.fn] ??= { read: 0, write: 0, calls: 0 });
    f.read += c.read;
    f.write += c.write;
    f.calls += 1;
  }
  const delivery = invocationUsage.delivery;
  return {
    invocations: invocationUsage,
    dynamodb: {
      calls: calls.length,
      readUnits: calls.reduce((n, c) => n + c.read, 0),
      writeUnits: calls.reduce((n, c) => n + c.write, 0),
      writeUnitsReportedByLocal: calls.reduce((n, c) => n + c.writeReported, 0),
      byFunction,
    },
    logBytes: [...logBytes.values()].reduce((a, b) => a + b, 0),
    ...extra,
    // One SendMessage per invitation; the event-source mapping's ReceiveMessage and DeleteMessageBatch per batch.
    sqsRequests: delivery ? delivery.records + 2 * delivery.count : 0,
  };
}

function price(u: PhaseUsage, surveys: number, coldInitMs: Partial<Record<FunctionName, number>>): CostLine[] {
  const per = (n: number) => n / surveys;
  const invocations = Object.values(u.invocations).reduce((n, i) => n + i.count, 0);
  const gbSeconds = Object.values(u.invocations).reduce((n, i) => n + i.billedGbSeconds, 0);
  const initGbSeconds = Object.entries(u.invocations).reduce(
    (n, [fn, i]) => n + COLD_SHARE * i.count * ((coldInitMs[fn as FunctionName] ?? 0) / 1000) * (MEMORY_SIZE_MB / 1024),
    0,
  );
  const logBytes = u.logBytes + invocations * PLATFORM_LOG_BYTES_PER_INVOCATION + u.apiRequests * ACCESS_LOG_LINE.length;
  const line = (item: string, total: number, unit: string, unitPrice: number): CostLine => ({
    item,
    perSurvey: per(total),
    unit,
    unitPrice,
    dollarsPer1000: per(total) * unitPrice * 1000,
  });
  return [
    line('SES messages', u.sesMessages, 'message', PRICES.ses.perMessage),
    line('API Gateway requests', u.apiRequests, 'request', PRICES.apiGateway.perRequest),
    line('Lambda invocations', invocations, 'invocation', PRICES.lambda.perRequest),
    line('Lambda duration (measured x 512 MB)', gbSeconds, 'GB-s', PRICES.lambda.perGbSecond),
    line(`Lambda INIT (${COLD_SHARE * 100}% cold, measured cold load)`, initGbSeconds, 'GB-s', PRICES.lambda.perGbSecond),
    line('DynamoDB writes', u.dynamodb.writeUnits, 'WRU', PRICES.dynamodb.perWriteUnit),
    line('DynamoDB reads', u.dynamodb.readUnits, 'RRU', PRICES.dynamodb.perReadUnit),
    line('DynamoDB stream reads (by Lambda)', 0, 'read', PRICES.dynamodb.streamReadByLambda),
    line('SQS requests', u.sqsRequests, 'request', PRICES.sqs.perRequest),
    line('EventBridge Scheduler invocations', u.schedulerInvocations, 'invocation', PRICES.scheduler.perInvocation),
    line('CloudWatch Logs ingested', logBytes / 1e9, 'GB', PRICES.cloudwatchLogs.perGbIngested),
    line('CloudWatch Logs stored (1 month)', logBytes / 1e9, 'GB-month', PRICES.cloudwatchLogs.perGbMonthStored),
  ];
}

const total = (lines: CostLine[]) => lines.reduce((n, l) => n + l.dollarsPer1000, 0);

export async function costPerSurvey(
  stack: BenchStack,
  instrumentation: Instrumentation,
  options: { surveys: number; coldInitMs: Partial<Record<FunctionName, number>>; log: (line: string) => void },
): Promise<CostResult> {
  const n = options.surveys;
  const bodies = Array.from({ length: n }, () => interactionBody(`cost-${runId()}`));
  await stack.settled();
  instrumentation.reset();
  instrumentation.metering = true;
  try {
    // 1. The company's systems report the interactions, one at a time so that each invocation's duration is its own and
    //    not a queue in the stack's one process (in Lambda each runs alone); the stack emails and folds meanwhile.
    const started = performance.now();
    await pool(bodies, 1, async (body) => {
      await postInteraction(stack, body);
    });
    await stack.settled();
    await instrumentation.flush();
    const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: Array<{ destination: { to: string[] }; body: { html?: string } }> };
    const addresses = new Set(bodies.map((b) => b.customer.email));
    const emails = store.emails.filter((e) => e.destination.to.some((to) => addresses.has(to)));
    const sent = usage(instrumentation.invocations, instrumentation.calls, instrumentation.logBytes, {
      apiRequests: n,
      sesMessages: emails.length,
      schedulerInvocations: 0,
    });
    options.log(`  lifecycle: ${n} interactions recorded and ${emails.length} emails sent in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // 2. Nobody has answered yet: the reminders fall due (the default program reminds after its delay), through the
    //    scheduler, the queue and SES. The stack's clock moves forward for it, and back after.
    instrumentation.reset();
    const aheadMs = (REMINDER_AFTER_DAYS * 24 + 1) * 3_600_000;
    advanceClock(aheadMs);
    let reminderEmails: typeof emails;
    try {
      await stack.settled();
      await instrumentation.flush();
      const after = (await (await fetch(`${stack.sesUrl}/store`)).json()) as typeof store;
      reminderEmails = after.emails.filter((e) => e.destination.to.some((to) => addresses.has(to))).slice(emails.length);
    } finally {
      advanceClock(-aheadMs);
    }
    const reminder = usage(instrumentation.invocations, instrumentation.calls, instrumentation.logBytes, {
      apiRequests: 0,
      sesMessages: reminderEmails.length,
      schedulerInvocations: reminderEmails.length,
    });
    options.log(`  lifecycle: ${reminderEmails.length} reminders sent`);

    // 3. Each customer taps the top rating in the email (the page opens, preselected), then submits the answer.
    instrumentation.reset();
    const links = emails
      .map((e) => [...(e.body.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')).find((l) => l.includes('score=5')))
      .filter((l): l is string => !!l);
    let answered = 0;
    await pool(links, 1, async (link) => {
      const url = new URL(link);
      const page = await fetch(`${stack.apiUrl}${url.pathname}${url.search}`, { headers: { accept: 'text/html' } });
      await page.arrayBuffer();
      if (page.status !== 200) throw new Error(`GET ${url.pathname} answered ${page.status}`);
      const res = await fetch(`${stack.apiUrl}${url.pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ csat: 5, nps: 9, resolved: 'yes', comment: 'Quick and kind, thank you.' }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`POST ${url.pathname} answered ${res.status}`);
      answered++;
    });
    await stack.settled();
    await instrumentation.flush();
    const answeredUsage = usage(instrumentation.invocations, instrumentation.calls, instrumentation.logBytes, {
      apiRequests: 2 * answered,
      sesMessages: 0,
      schedulerInvocations: 0,
    });

    // 4. What one survey keeps in the table: its items (and index entries), with DynamoDB's per-item overhead.
    let bytes = 0;
    const sample = bodies.slice(0, Math.min(20, n));
    for (const body of sample) {
      const { Items = [] } = await stack.bench.send(
        new QueryCommand({
          TableName: stack.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': customerPk(body.customer.id) },
          ConsistentRead: true,
        }),
      );
      const token = Items.find((i) => typeof i.token === 'string')?.token as string | undefined;
      const singles = [interactionGuardKey(body.interactionId), emailLookupKey(body.customer.email, body.customer.id), ...(token ? [tokenKey(token)] : [])];
      for (const key of singles) {
        const { Item } = await stack.bench.send(new GetCommand({ TableName: stack.tableName, Key: key, ConsistentRead: true }));
        if (Item) Items.push(Item);
      }
      for (const item of Items) {
        const size = itemSize(marshall(item, { removeUndefinedValues: true }) as Parameters<typeof itemSize>[0]) + ITEM_OVERHEAD_BYTES;
        bytes += item.gsi1pk ? 2 * size : size;
      }
    }
    const bytesPerSurvey = bytes / sample.length;

    const lines = {
      sent: price(sent, n, options.coldInitMs),
      reminder: price(reminder, Math.max(1, reminderEmails.length), options.coldInitMs),
      answered: price(answeredUsage, Math.max(1, answered), options.coldInitMs),
    };
    const sentCost = total(lines.sent);
    const reminderCost = total(lines.reminder);
    const answerCost = total(lines.answered);
    const atRate = (rate: number) => sentCost + rate * answerCost + (1 - rate) * reminderCost;
    const lambdaDuration = (ls: CostLine[]) => ls.filter((l) => l.item.startsWith('Lambda duration')).reduce((s, l) => s + l.dollarsPer1000, 0);
    return {
      surveys: n,
      answered,
      emails: emails.length,
      reminders: reminderEmails.length,
      phases: { sent, reminder, answered: answeredUsage },
      lines,
      dollarsPer1000: { sent: sentCost, reminder: reminderCost, answerCost, noneAnswered: atRate(0), quarterAnswered: atRate(0.25), allAnswered: atRate(1) },
      allAnsweredWithLambda3x: atRate(1) + 2 * (lambdaDuration(lines.sent) + lambdaDuration(lines.answered)),
      storage: {
        bytesPerSurvey,
        dollarsPerMonthPer1000: ((bytesPerSurvey * 1000) / 1e9) * (PRICES.dynamodb.storagePerGbMonth + PRICES.dynamodb.pitrPerGbMonth),
      },
      target: TARGET_DOLLARS_PER_1000,
      prices: PRICES,
      assumptions: [
        'DynamoDB capacity: as DynamoDB Local returned it (ReturnConsumedCapacity: TOTAL), except TransactWriteItems, which Local under-reports: priced by the documented rule (2 WRU per item and KB, index entries 1 WRU per KB) from the items written.',
        'Lambda duration: each handler invocation timed in the local stack (in-process, on this 2-core machine, beside DynamoDB Local, with the delivery and aggregation of earlier surveys running in the same process), rounded up to the ms, x 512 MB. Requests are sent one at a time.',
        `Lambda INIT: ${COLD_SHARE * 100}% of invocations cold (steady traffic), each paying the cold load time measured by the cold-start suite.`,
        'The ingest authorizer is priced per request as run locally; API Gateway caches its answer for 5 minutes per key, so in AWS it runs a few times an hour at most.',
        'SQS: one SendMessage per invitation plus one ReceiveMessage and one DeleteMessageBatch per delivery batch as batched here; idle long polls of the event-source mapping are a fixed monthly cost, not per survey.',
        'Stream reads by the aggregator: free (Lambda event-source mappings on DynamoDB Streams are not charged for GetRecords).',
        `CloudWatch Logs: the functions' log bytes as written here, plus ${PLATFORM_LOG_BYTES_PER_INVOCATION} bytes of START/END/REPORT lines per invocation and one ${ACCESS_LOG_LINE.length}-byte access-log line per API request.`,
        'Not per survey (fixed): Secrets Manager secret ($0.40/month), Cognito for managers, KMS (AWS managed key), CloudWatch alarms if any; manager reads (reports, records) are per manager, not per survey.',
        `Reminders: the default program reminds after ${REMINDER_AFTER_DAYS} days; an unanswered survey is counted with its reminder, an answered one as answered before it (the upper and lower bounds of email volume).`,
        'Storage is monthly, not one-off: each month a survey stays stored costs storage + point-in-time recovery on its items and index entries.',
      ],
    };
  } finally {
    instrumentation.metering = false;
  }
}
