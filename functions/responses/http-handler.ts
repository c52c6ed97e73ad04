// GET /responses: answers with their comments and customers, newest first, as JSON pages or as CSV.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { SCALES } from '../domain/survey-definition.js';
import { addDays, utcDay } from '../domain/utc-days.js';
import { EARLIEST_DAY, checkWindow, utcDate } from '../reports/report-query.js';
import { header, httpEdge, json, validate, type HttpResult } from '../shared/http.js';
import { dispatch } from '../shared/route-dispatch.js';
import { channelSchema, wholeNumberParam } from '../shared/schemas.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { csvRow } from './csv.js';
import { DynamoDbResponseFeed } from './dynamodb-response-feed.js';
import { CSV_COLUMNS, csvValues, listResponses } from './list-responses.js';
import type { ResponseFeed } from './response-feed.js';
import { now } from '../shared/clock.js';
import { cursorParam } from '../store/cursor.js';

const DEFAULT_DAYS = 30;

const querySchema = z.object({
  from: z.optional(utcDate),
  to: z.optional(utcDate),
  channel: z.optional(channelSchema),
  maxCsat: z.optional(wholeNumberParam(SCALES.csat.min, SCALES.csat.max)),
  hasComment: z.optional(
    z.pipe(
      z.enum(['true', 'false'], { message: 'must be true or false' }),
      z.transform((v) => v === 'true'),
    ),
  ),
  limit: z.optional(wholeNumberParam(1, 5000)),
  cursor: z.optional(cursorParam),
  format: z.optional(z.enum(['json', 'csv'], { message: 'must be json or csv' })),
});

export const makeResponses =
  (deps: { feed: ResponseFeed }) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const query = validate(querySchema, event.queryStringParameters ?? {}, 'query');
    const to = query.to ?? utcDay(now());
    const defaultFrom = addDays(to, -(DEFAULT_DAYS - 1));
    const { from } = checkWindow({ from: query.from ?? (defaultFrom < EARLIEST_DAY ? EARLIEST_DAY : defaultFrom), to });
    const csv = query.format === 'csv' || (query.format === undefined && /text\/csv/.test(header(event, 'accept') ?? ''));
    const limit = query.limit ?? (csv ? 1000 : 50);
    const filter = {
      from,
      to,
      ...(query.channel ? { channel: query.channel } : {}),
      ...(query.maxCsat !== undefined ? { maxCsat: query.maxCsat } : {}),
      ...(query.hasComment !== undefined ? { hasComment: query.hasComment } : {}),
    };
    const page = await listResponses(filter, { limit, ...(query.cursor ? { cursor: query.cursor } : {}) }, deps);
    if (!csv) return json(200, { from, to, ...page });
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="responses-${from}-to-${to}.csv"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        ...(page.nextCursor ? { 'x-next-cursor': page.nextCursor } : {}),
      },
      body: csvRow([...CSV_COLUMNS]) + page.responses.map((row) => csvRow(csvValues(row))).join(''),
    };
  };

export const makeResponseRoutes = (deps: { feed: ResponseFeed }) => dispatch('responses', { 'GET /responses': makeResponses(deps) });

export const handler = middy(makeResponseRoutes({ feed: new DynamoDbResponseFeed(documentClient, tableName) })).use(httpEdge('responses'));
