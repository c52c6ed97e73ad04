// GET /reports/channels, /reports/agents, /reports/escalations, /reports/topics, /reports/alerts (manager token checked by the API's authorizer).
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { DynamoDbAggregateStore } from '../aggregates/dynamodb-aggregate-store.js';
import type { AggregateStore } from '../aggregates/aggregate-store.js';
import { escalationWindowHours } from '../aggregates/escalations.js';
import { loadConfig } from '../shared/config.js';
import { NotFound } from '../shared/errors.js';
import { httpEdge, json, type HttpResult } from '../shared/http.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { agentReport, channelReport, escalationReport } from './build-reports.js';
import { alertReport } from '../alerts/alert-report.js';
import { DynamoDbAlertStore, type AlertStore } from '../alerts/alert-store.js';
import { DynamoDbTopicStore, type TopicStore } from '../topics/topic-store.js';
import { parseReportWindow } from './report-query.js';
import { topicReport } from './topic-report.js';

export const makeReports =
  (deps: { store: AggregateStore; windowHours: number; topics: Pick<TopicStore, 'getTopics'>; alerts: Pick<AlertStore, 'closeStats'> }) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const window = parseReportWindow(event.queryStringParameters);
    switch (event.routeKey) {
      case 'GET /reports/channels':
        return json(200, await channelReport(window, deps));
      case 'GET /reports/agents':
        return json(200, await agentReport(window, deps));
      case 'GET /reports/escalations':
        return json(200, await escalationReport(window, deps));
      case 'GET /reports/topics':
        return json(200, await topicReport(window, deps));
      case 'GET /reports/alerts':
        return json(200, await alertReport(window, deps));
      default:
        throw new NotFound(`No report at ${event.rawPath}`);
    }
  };

const config = loadConfig({ ESCALATION_WINDOW_HOURS: escalationWindowHours });

export const handler = middy(
  makeReports({
    store: new DynamoDbAggregateStore(documentClient, tableName),
    windowHours: config.ESCALATION_WINDOW_HOURS,
    topics: new DynamoDbTopicStore(documentClient, tableName),
    alerts: new DynamoDbAlertStore(documentClient, tableName),
  }),
).use(httpEdge('reports'));
