// Use case: the answers behind the scores, with their comments and customers, newest first, page by page.
import type { ResponseRow } from '../domain/model.js';
import { InvalidInput } from '../shared/errors.js';
import type { FeedPosition, ResponseFeed, ResponseFilter } from './response-feed.js';


export const encodeCursor = (position: FeedPosition) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

export function decodeCursor(cursor: string): FeedPosition {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as FeedPosition;
    if (typeof position.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(position.day) && (position.after === undefined || typeof position.after === 'object')) return position;
  } catch {
    // fall through
  }
  throw new InvalidInput('Invalid query: cursor is not a cursor this API returned', [{ field: 'cursor', message: 'is not a cursor this API returned' }]);
}

/**
 * 1. Read a page of answers matching the filter from the feed (newest first, from the cursor on).
 * 2. Join each to its customer's profile, so that a manager can call them back.
 */
export async function listResponses(
  filter: ResponseFilter,
  page: { limit: number; cursor?: string },
  deps: { feed: ResponseFeed },
): Promise<{ responses: ResponseRow[]; nextCursor?: string }> {
  const position = page.cursor ? decodeCursor(page.cursor) : undefined;
  if (position && (position.day > filter.to || position.day < filter.from)) {
    throw new InvalidInput('Invalid query: cursor belongs to another window', [{ field: 'cursor', message: 'belongs to another window' }]);
  }
  const { answers, next } = await deps.feed.page(filter, page.limit, position);
  const profiles = await deps.feed.profiles(answers.map((a) => a.customerId));
  const responses = answers.map((a): ResponseRow => {
    const profile = profiles.get(a.customerId);
    return {
      surveyId: a.surveyId,
      answeredAt: a.answeredAt,
      firstAnsweredAt: a.firstAnsweredAt,
      revision: a.revision,
      channel: a.channel,
      ...(a.agentId !== undefined ? { agentId: a.agentId } : {}),
      customer: { id: a.customerId, ...(profile?.email ? { email: profile.email } : {}), ...(profile?.name ? { name: profile.name } : {}) },
      ...(a.csat !== undefined ? { csat: a.csat } : {}),
      ...(a.nps !== undefined ? { nps: a.nps } : {}),
      ...(a.ces !== undefined ? { ces: a.ces } : {}),
      ...(a.resolved !== undefined ? { resolved: a.resolved } : {}),
      ...(a.comment !== undefined ? { comment: a.comment } : {}),
    };
  });
  return { responses, ...(next ? { nextCursor: encodeCursor(next) } : {}) };
}

export const CSV_COLUMNS = ['answeredAt', 'channel', 'agentId', 'customerId', 'customerEmail', 'customerName', 'csat', 'nps', 'ces', 'resolved', 'comment', 'surveyId'] as const;

export function csvValues(row: ResponseRow): unknown[] {
  return [
    row.answeredAt,
    row.channel,
    row.agentId,
    row.customer.id,
    row.customer.email,
    row.customer.name,
    row.csat,
    row.nps,
    row.ces,
    row.resolved === undefined ? undefined : row.resolved ? 'yes' : 'no',
    row.comment,
    row.surveyId,
  ];
}
