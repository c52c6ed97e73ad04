// Synthetic but well-formed data: interactions as the company's systems send them, invitations created through the
// public API, and answer images as the table's stream shows them.
import { randomUUID } from 'node:crypto';
import { BatchGetCommand, type BatchGetCommandInput, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { CHANNELS, type Channel } from '../../functions/domain/channels.js';
import { ENTITY, ITEM_VERSION, answerKey, answersByDayKey, invitationKey } from '../../functions/store/keys.js';
import type { InvitationRef } from '../../functions/domain/model.js';
import type { BenchStack } from './local.js';
import { pool } from '../../local/pool.js';

/** A run-unique prefix, so that repeated runs on one table never meet. */
export const runId = () => randomUUID().slice(0, 8);

const channelOf = (id: string): Channel => CHANNELS[[...id].reduce((sum, c) => sum + c.charCodeAt(0), 0) % CHANNELS.length]!;

export function interactionBody(id: string, channel: Channel = channelOf(id)) {
  return {
    interactionId: `bench-${id}`,
    channel,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    customer: { id: `cust-${id}`, email: `customer-${id}@example.com`, name: 'Ada Lovelace', locale: 'en' },
    agentId: `agent-${id.length % 20}`,
    queue: 'billing',
    subject: 'Refund for order 1234',
  };
}

export interface StoredInvitation {
  ref: InvitationRef;
  token: string;
  surveyId: string;
}

/** One interaction through the public API, as the company's systems post it; its survey's id. */
export async function postInteraction(stack: BenchStack, body: ReturnType<typeof interactionBody>): Promise<string> {
  const res = await fetch(`${stack.apiUrl}/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': stack.ingestApiKey },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { surveyId?: string };
  if (res.status !== 202 || !answer.surveyId) throw new Error(`POST /interactions answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer.surveyId;
}

/** Interactions posted through the public API; answers once their emails are sent and every change is folded. */
export async function createInvitations(stack: BenchStack, n: number): Promise<StoredInvitation[]> {
  const bodies = Array.from({ length: n }, () => interactionBody(`fx-${runId()}`));
  const surveyIds = new Map<string, string>();
  await pool(bodies, 8, async (body) => {
    surveyIds.set(body.interactionId, await postInteraction(stack, body));
  });
  await stack.settled();
  const tokens = await tokensOf(stack, bodies);
  return bodies.map((body, i) => ({
    ref: { customerId: body.customer.id, occurredAt: new Date(body.occurredAt).toISOString(), interactionId: body.interactionId },
    token: tokens[i]!,
    surveyId: surveyIds.get(body.interactionId)!,
  }));
}

/** The survey tokens of the invitations those interactions created, in order (read by the bench, outside any function). */
export async function tokensOf(
  stack: BenchStack,
  bodies: Array<{ interactionId: string; occurredAt: string; customer: { id: string } }>,
): Promise<Array<string | undefined>> {
  const tokens = new Map<string, string>();
  for (let i = 0; i < bodies.length; i += 100) {
    const keys: Record<string, unknown>[] = bodies
      .slice(i, i + 100)
      .map((b) => ({ ...invitationKey(b.customer.id, new Date(b.occurredAt).toISOString(), b.interactionId) }));
    let request: BatchGetCommandInput['RequestItems'] = {
      [stack.tableName]: { Keys: keys, ProjectionExpression: 'interactionId, #token', ExpressionAttributeNames: { '#token': 'token' } },
    };
    while (request && Object.keys(request).length > 0) {
      const out: BatchGetCommandOutput = await stack.bench.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of out.Responses?.[stack.tableName] ?? []) tokens.set(item.interactionId as string, item.token as string);
      request = out.UnprocessedKeys;
    }
  }
  return bodies.map((b) => tokens.get(b.interactionId));
}

/** An answer item as the survey page stores it (and as the stream's new image shows it). */
export function answerImage(options: {
  surveyId: string;
  channel: Channel;
  agentId?: string;
  sentAt: string;
  answeredAt: string;
  csat: number;
  nps: number;
  resolved: boolean;
  comment?: string;
}) {
  const customerId = `cust-${options.surveyId.slice(0, 8)}`;
  const interactionId = `bench-${options.surveyId.slice(0, 8)}`;
  return {
    ...answerKey(customerId, options.sentAt, interactionId),
    ...answersByDayKey(options.answeredAt, options.surveyId),
    type: ENTITY.answer,
    v: ITEM_VERSION,
    surveyId: options.surveyId,
    interactionId,
    customerId,
    channel: options.channel,
    ...(options.agentId ? { agentId: options.agentId } : {}),
    csat: options.csat,
    nps: options.nps,
    resolved: options.resolved,
    ...(options.comment ? { comment: options.comment } : {}),
    sentAt: options.sentAt,
    firstAnsweredAt: options.answeredAt,
    answeredAt: options.answeredAt,
    revision: 1,
  };
}
