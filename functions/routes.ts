// The one route table and function catalogue: the CDK app, the local server and the tests all import it.
export type Auth = 'public' | 'apiKey' | 'manager';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const FUNCTIONS = {
  ingestHttp: { entry: 'functions/ingest/http-handler.ts', description: 'POST /interactions: records an interaction, schedules its survey' },
  ingestEvents: { entry: 'functions/ingest/eventbridge-handler.ts', description: 'Interaction Completed events from EventBridge' },
  apiKeyAuthorizer: { entry: 'functions/ingest/api-key-authorizer.ts', description: 'Checks the x-api-key of ingest requests' },
  delivery: { entry: 'functions/delivery/sqs-handler.ts', description: 'Sends invitation emails from the queue through SES' },
  surveyPage: {
    entry: 'functions/survey-page/http-handler.ts',
    description: 'The survey page: GET renders, POST stores the answer',
    // The comment analysis's word lists, read on the first comment (functions/insights/word-lists.ts).
    besideBundle: ['functions/insights/word-lists'],
  },
  customers: { entry: 'functions/customers/http-handler.ts', description: 'A customer record for CX managers, or the customers behind an email address' },
  reports: { entry: 'functions/reports/http-handler.ts', description: 'Per-channel, per-agent and escalation reports' },
  responses: { entry: 'functions/responses/http-handler.ts', description: 'Answers with comments, newest first, as JSON or CSV' },
  surveys: { entry: 'functions/programs/http-handler.ts', description: "A channel's survey program: questions, languages, timing, rules" },
  suppression: { entry: 'functions/programs/suppression-handler.ts', description: 'SES bounces and complaints: suppresses the address' },
  privacy: { entry: 'functions/privacy/http-handler.ts', description: "A customer's data: export (access) and erasure" },
  aggregator: { entry: 'functions/aggregates/stream-handler.ts', description: 'Folds the table stream into per-channel and per-agent counters' },
  topics: { entry: 'functions/topics/http-handler.ts', description: 'The topics managers define as keyword rules per language' },
  alerts: { entry: 'functions/alerts/http-handler.ts', description: 'Alerts on unhappy customers, their follow-up, and the rules that raise them' },
  followUp: { entry: 'functions/alerts/stream-handler.ts', description: "From the table stream: alerts on unhappy answers, their owners' email, webhook deliveries" },
  webhooks: { entry: 'functions/webhooks/http-handler.ts', description: 'Webhook subscriptions and their delivery logs' },
  webhookDelivery: { entry: 'functions/webhooks/sqs-handler.ts', description: 'Delivers signed webhook events from the queue, with back-off' },
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

/** Folders a function reads at run time, copied beside its bundle under their own names (CDK and the bench alike). */
export function besideBundle(name: FunctionName): readonly string[] {
  const fn = FUNCTIONS[name];
  return 'besideBundle' in fn ? fn.besideBundle : [];
}

export interface Route {
  method: HttpMethod;
  path: string;
  fn: FunctionName;
  auth: Auth;
}

export const ROUTES: readonly Route[] = [
  { method: 'POST', path: '/interactions', fn: 'ingestHttp', auth: 'apiKey' },
  { method: 'GET', path: '/s/{token}', fn: 'surveyPage', auth: 'public' },
  { method: 'POST', path: '/s/{token}', fn: 'surveyPage', auth: 'public' },
  { method: 'GET', path: '/customers', fn: 'customers', auth: 'manager' },
  { method: 'GET', path: '/customers/{id}', fn: 'customers', auth: 'manager' },
  { method: 'GET', path: '/reports/channels', fn: 'reports', auth: 'manager' },
  { method: 'GET', path: '/reports/agents', fn: 'reports', auth: 'manager' },
  { method: 'GET', path: '/reports/escalations', fn: 'reports', auth: 'manager' },
  { method: 'GET', path: '/responses', fn: 'responses', auth: 'manager' },
  { method: 'GET', path: '/surveys/{channel}', fn: 'surveys', auth: 'manager' },
  { method: 'PUT', path: '/surveys/{channel}', fn: 'surveys', auth: 'manager' },
  { method: 'GET', path: '/u/{token}', fn: 'surveyPage', auth: 'public' },
  { method: 'POST', path: '/u/{token}', fn: 'surveyPage', auth: 'public' },
  { method: 'GET', path: '/customers/{id}/export', fn: 'privacy', auth: 'manager' },
  { method: 'DELETE', path: '/customers/{id}', fn: 'privacy', auth: 'manager' },
  { method: 'GET', path: '/topics', fn: 'topics', auth: 'manager' },
  { method: 'PUT', path: '/topics', fn: 'topics', auth: 'manager' },
  { method: 'GET', path: '/reports/topics', fn: 'reports', auth: 'manager' },
  { method: 'GET', path: '/reports/alerts', fn: 'reports', auth: 'manager' },
  { method: 'GET', path: '/alerts', fn: 'alerts', auth: 'manager' },
  { method: 'PATCH', path: '/alerts/{id}', fn: 'alerts', auth: 'manager' },
  { method: 'GET', path: '/alert-rules', fn: 'alerts', auth: 'manager' },
  { method: 'PUT', path: '/alert-rules/{channel}', fn: 'alerts', auth: 'manager' },
  { method: 'POST', path: '/webhooks', fn: 'webhooks', auth: 'manager' },
  { method: 'GET', path: '/webhooks', fn: 'webhooks', auth: 'manager' },
  { method: 'DELETE', path: '/webhooks/{id}', fn: 'webhooks', auth: 'manager' },
  { method: 'GET', path: '/webhooks/{id}/deliveries', fn: 'webhooks', auth: 'manager' },
];

/** The EventBridge contract for interactions that end in the company's systems. */
export const INTERACTION_EVENT = { detailType: 'Interaction Completed' } as const;

/** What SES publishes to EventBridge (default bus) for the configuration set's bounces and complaints. */
export const SES_FEEDBACK_EVENT = { source: 'aws.ses', detailTypes: ['Email Bounced', 'Email Complaint Received'] } as const;

/** Headers and limits shared by the edge and the local server. */
export const API_KEY_HEADER = 'x-api-key';

/** A token bucket: `burstLimit` requests at once, refilled at `rateLimit` per second. */
export interface Bucket {
  rateLimit: number;
  burstLimit: number;
}

/**
 * A rate-based rule at the edge (AWS WAF on CloudFront, lib/edge-protection.ts; the same rule on the local server, as a
 * bucket of `limit` refilled over `windowSeconds`): at most `limit` requests in `windowSeconds` to the routes of one class,
 * counted per client address or per path (a path of a public route names one survey link). WAF's windows are 60, 120,
 * 300 or 600 s and its smallest limit is 10.
 */
export interface EdgeRule {
  routes: Auth;
  per: 'client' | 'path';
  limit: number;
  windowSeconds: 60 | 120 | 300 | 600;
}

/**
 * Fairness at the edge, before API Gateway's shared buckets: one client address, or one survey link, cannot spend the
 * capacity every customer shares. A customer opens the page, submits and maybe corrects an answer a few times (revisions
 * stop at MAX_REVISIONS), so 20 requests a minute on one link and 60 from one address leave room for an office of them.
 */
export const EDGE_RULES = {
  publicPerClient: { routes: 'public', per: 'client', limit: 60, windowSeconds: 60 },
  publicPerLink: { routes: 'public', per: 'path', limit: 20, windowSeconds: 60 },
  // Managers are few; a client address sending more than this is not a person reading the dashboard.
  managerPerClient: { routes: 'manager', per: 'client', limit: 600, windowSeconds: 60 },
} as const satisfies Record<string, EdgeRule>;
export type EdgeRuleName = keyof typeof EDGE_RULES;

/**
 * Requests per second (steady, burst) per class of route: API Gateway route throttling in AWS, the same token buckets
 * on the local server. Survey links are 192-bit tokens, so guessing is hopeless anyway; the limit keeps it expensive.
 * The class buckets are shared by every caller, so the edge rules come first (per client address, per link), and on
 * the routes with credentials only an authenticated request spends the class's bucket (locally; in AWS, WAF refuses a
 * request without the credential header before it reaches API Gateway: docs/deploy.md).
 */
export const THROTTLE: Record<Auth, Bucket> & { edge: Record<EdgeRuleName, Pick<EdgeRule, 'limit' | 'windowSeconds'>> } = {
  public: { rateLimit: 50, burstLimit: 100 },
  apiKey: { rateLimit: 500, burstLimit: 1000 },
  manager: { rateLimit: 20, burstLimit: 40 },
  edge: EDGE_RULES,
};
