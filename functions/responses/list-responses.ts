// Use case: the answers behind the scores, with their comments and customers, newest first, page by page.
import type { ResponseRow } from '../domain/model.js';
import type { ResponseFeed, ResponseFilter } from './response-feed.js';

/**
 * 1. Read a page of answers matching the filter from the feed (newest first, from the cursor on).
 * 2. Join each to its customer's profile, so that a manager can call them back.
 */
export async function listResponses(
  filter: ResponseFilter,
  page: { limit: number; cursor?: string },
  deps: { feed: ResponseFeed },
): Promise<{ responses: ResponseRow[]; nextCursor?: string }> {
  const { answers, nextCursor } = await deps.feed.page(filter, page.limit, page.cursor);
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
  return { responses, ...(nextCursor ? { nextCursor } : {}) };
}

export const CSV_COLUMNS = [
  'answeredAt',
  'channel',
  'agentId',
  'customerId',
  'customerEmail',
  'customerName',
  'csat',
  'nps',
  'ces',
  'resolved',
  'comment',
  'surveyId',
] as const;

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
