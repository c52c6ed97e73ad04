// GET /reports/channels, /reports/agents, /reports/escalations, /reports/topics, /reports/alerts and /anomalies (manager
// token checked by the API's authorizer).
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DynamoDbAggregateStore } from '../aggregates/dynamodb-aggregate-store.js';
import type { AggregateStore } from '../aggregates/aggregate-store.js';
import { escalationWindowHours } from '../aggregates/escalations.js';
import { loadConfig } from '../shared/config.js';
import { httpEdge, json, type HttpResult } from '../shared/http.js';
import { dispatch } from '../shared/route-dispatch.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { agentReport, channelReport, escalationReport } from './build-reports.js';
import { alertReport } from '../alerts/alert-report.js';
import type { AlertStore } from '../alerts/alert-store.js';
import { DynamoDbAlertStore } from '../alerts/dynamodb-alert-store.js';
import { DynamoDbTopicStore } from '../topics/dynamodb-topic-store.js';
import type { TopicStore } from '../topics/topic-store.js';
import { parseAnomalyQuery, parseReportWindow, parseScoreQuery, type ReportWindow } from './report-query.js';
import { topicReport } from './topic-report.js';
import type { AnomalyStore } from '../anomalies/anomaly-store.js';
import { DynamoDbAnomalyStore } from '../anomalies/dynamodb-anomaly-store.js';
import { listAnomalies } from '../anomalies/list-anomalies.js';

type ReportDeps = {
  store: AggregateStore;
  windowHours: number;
  topics: Pick<TopicStore, 'getTopics'>;
  alerts: Pick<AlertStore, 'closeStats'>;
  anomalies: Pick<AnomalyStore, 'list'>;
};

export const makeReports = (deps: ReportDeps) => {
  // The reports with scores take the interval and comparison parameters too; the others only the window.
  const report =
    (build: (window: ReportWindow, deps: ReportDeps) => Promise<unknown>, parse = parseReportWindow) =>
    async (event: APIGatewayProxyEventV2): Promise<HttpResult> =>
      json(200, await build(parse(event.queryStringParameters), deps));
  return dispatch('reports', {
    'GET /reports/channels': report(channelReport, parseScoreQuery),
    'GET /reports/agents': report(agentReport, parseScoreQuery),
    'GET /reports/escalations': report(escalationReport, parseScoreQuery),
    'GET /reports/topics': report(topicReport),
    'GET /reports/alerts': report(alertReport),
    'GET /anomalies': async (event) => json(200, await listAnomalies(parseAnomalyQuery(event.queryStringParameters), deps)),
  });
};

const config = loadConfig({ ESCALATION_WINDOW_HOURS: escalationWindowHours });

export const handler = middy(
  makeReports({
    store: new DynamoDbAggregateStore(documentClient, tableName),
    windowHours: config.ESCALATION_WINDOW_HOURS,
    topics: new DynamoDbTopicStore(documentClient, tableName),
    alerts: new DynamoDbAlertStore(documentClient, tableName),
    anomalies: new DynamoDbAnomalyStore(documentClient, tableName),
  }),
).use(httpEdge('reports'));
