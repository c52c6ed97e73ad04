// The one route table and function catalogue: the CDK app, the local server, the handlers (their route keys) and the tests all import it.
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
  reports: { entry: 'functions/reports/http-handler.ts', description: 'Per-channel, per-agent and escalation reports, and the anomalies' },
  responses: { entry: 'functions/responses/http-handler.ts', description: 'Answers with comments, newest first, as JSON or CSV' },
  surveys: { entry: 'functions/programs/http-handler.ts', description: "A channel's survey program: questions, languages, timing, rules" },
  suppression: { entry: 'functions/programs/suppression-handler.ts', description: 'SES bounces and complaints: suppresses the address' },
  privacy: { entry: 'functions/privacy/http-handler.ts', description: "A customer's data: export (access) and erasure" },
  aggregator: { entry: 'functions/aggregates/stream-handler.ts', description: 'Folds the table stream into per-channel and per-agent counters' },
  topics: { entry: 'functions/topics/http-handler.ts', description: 'The topics managers define as keyword rules per language' },
  alerts: { entry: 'functions/alerts/http-handler.ts', description: 'Alerts on unhappy customers, their follow-up, and the rules that raise them' },
  followUp: {
    entry: 'functions/alerts/stream-handler.ts',
    description: "From the table stream: alerts on unhappy answers, their owners' email, webhook deliveries",
  },
  webhooks: { entry: 'functions/webhooks/http-handler.ts', description: 'Webhook subscriptions and their delivery logs' },
  webhookDelivery: { entry: 'functions/webhooks/sqs-handler.ts', description: 'Delivers signed webhook events from the queue, with back-off' },
  digestSettings: { entry: 'functions/digest/http-handler.ts', description: "The weekly digest's recipients, weekday, hour and time zone" },
  digest: { entry: 'functions/digest/schedule-handler.ts', description: 'Hourly: emails the weekly digest when it is due' },
  anomalyJob: { entry: 'functions/anomalies/scheduled-handler.ts', description: 'Daily: significant drops of channel and agent scores become anomalies' },
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

/** Folders a function reads at run time, copied beside its bundle under their own names (CDK and the bench alike). */
export function besideBundle(name: FunctionName): readonly string[] {
  const fn = FUNCTIONS[name];
  return 'besideBundle' in fn ? fn.besideBundle : [];
}

/**
 * What a route lets its caller do, each named once; the teams issue maps the manager permissions to roles.
 * Every route has exactly one, of its auth kind: the ingest route the API key's, a manager route a manager's. The
 * customer's pages need no role: the link's 192-bit token is the credential, so their permissions name what the link
 * allows and are never granted to anyone.
 */
export const PERMISSIONS = {
  public: ['survey:answer', 'survey:unsubscribe'],
  apiKey: ['interactions:write'],
  manager: [
    'customers:read',
    'customers:export',
    'customers:erase',
    'reports:read',
    'responses:read',
    'programs:read',
    'programs:write',
    'topics:read',
    'topics:write',
    'alerts:read',
    'alerts:write',
    'alert-rules:write',
    'webhooks:read',
    'webhooks:write',
    'settings:read',
    'settings:write',
    'anomalies:read',
  ],
} as const satisfies Record<Auth, readonly string[]>;
export type Permission<A extends Auth = Auth> = (typeof PERMISSIONS)[A][number];

interface RouteWith<A extends Auth> {
  method: HttpMethod;
  path: string;
  fn: FunctionName;
  auth: A;
  permission: Permission<A>;
}
/** A route's permission is of its own auth kind: a manager's permission on a public route does not type-check. */
export type Route = { [A in Auth]: RouteWith<A> }[Auth];

export const ROUTES = [
  { method: 'POST', path: '/interactions', fn: 'ingestHttp', auth: 'apiKey', permission: 'interactions:write' },
  { method: 'GET', path: '/s/{token}', fn: 'surveyPage', auth: 'public', permission: 'survey:answer' },
  { method: 'POST', path: '/s/{token}', fn: 'surveyPage', auth: 'public', permission: 'survey:answer' },
  { method: 'GET', path: '/customers', fn: 'customers', auth: 'manager', permission: 'customers:read' },
  { method: 'GET', path: '/customers/{id}', fn: 'customers', auth: 'manager', permission: 'customers:read' },
  { method: 'GET', path: '/reports/channels', fn: 'reports', auth: 'manager', permission: 'reports:read' },
  { method: 'GET', path: '/reports/agents', fn: 'reports', auth: 'manager', permission: 'reports:read' },
  { method: 'GET', path: '/reports/escalations', fn: 'reports', auth: 'manager', permission: 'reports:read' },
  { method: 'GET', path: '/responses', fn: 'responses', auth: 'manager', permission: 'responses:read' },
  { method: 'GET', path: '/surveys/{channel}', fn: 'surveys', auth: 'manager', permission: 'programs:read' },
  { method: 'PUT', path: '/surveys/{channel}', fn: 'surveys', auth: 'manager', permission: 'programs:write' },
  { method: 'GET', path: '/u/{token}', fn: 'surveyPage', auth: 'public', permission: 'survey:unsubscribe' },
  { method: 'POST', path: '/u/{token}', fn: 'surveyPage', auth: 'public', permission: 'survey:unsubscribe' },
  { method: 'GET', path: '/customers/{id}/export', fn: 'privacy', auth: 'manager', permission: 'customers:export' },
  { method: 'DELETE', path: '/customers/{id}', fn: 'privacy', auth: 'manager', permission: 'customers:erase' },
  { method: 'GET', path: '/topics', fn: 'topics', auth: 'manager', permission: 'topics:read' },
  { method: 'PUT', path: '/topics', fn: 'topics', auth: 'manager', permission: 'topics:write' },
  { method: 'GET', path: '/reports/topics', fn: 'reports', auth: 'manager', permission: 'reports:read' },
  { method: 'GET', path: '/reports/alerts', fn: 'reports', auth: 'manager', permission: 'reports:read' },
  { method: 'GET', path: '/alerts', fn: 'alerts', auth: 'manager', permission: 'alerts:read' },
  { method: 'PATCH', path: '/alerts/{id}', fn: 'alerts', auth: 'manager', permission: 'alerts:write' },
  { method: 'GET', path: '/alert-rules', fn: 'alerts', auth: 'manager', permission: 'alerts:read' },
  { method: 'PUT', path: '/alert-rules/{channel}', fn: 'alerts', auth: 'manager', permission: 'alert-rules:write' },
  { method: 'POST', path: '/webhooks', fn: 'webhooks', auth: 'manager', permission: 'webhooks:write' },
  { method: 'GET', path: '/webhooks', fn: 'webhooks', auth: 'manager', permission: 'webhooks:read' },
  { method: 'DELETE', path: '/webhooks/{id}', fn: 'webhooks', auth: 'manager', permission: 'webhooks:write' },
  { method: 'GET', path: '/webhooks/{id}/deliveries', fn: 'webhooks', auth: 'manager', permission: 'webhooks:read' },
  { method: 'GET', path: '/settings/digest', fn: 'digestSettings', auth: 'manager', permission: 'settings:read' },
  { method: 'PUT', path: '/settings/digest', fn: 'digestSettings', auth: 'manager', permission: 'settings:write' },
  { method: 'GET', path: '/anomalies', fn: 'reports', auth: 'manager', permission: 'anomalies:read' },
] as const satisfies readonly Route[];

type DeclaredRoute = (typeof ROUTES)[number];
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
/** `GET /s/{token}`: API Gateway's route key, the event's `routeKey`. */
export type RouteKey = KeyOf<DeclaredRoute>;
/** The functions behind routes, and the route keys each one serves: what its handler dispatches over. */
export type HttpFunctionName = DeclaredRoute['fn'];
export type RouteKeyOf<F extends HttpFunctionName> = KeyOf<Extract<DeclaredRoute, { fn: F }>>;
export type RoutePath = DeclaredRoute['path'];

export const routeKey = <R extends Route>(route: R): KeyOf<R> => `${route.method} ${route.path}` as KeyOf<R>;

type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** A route's path with its parameters filled in, each URI-encoded: `routePath('/s/{token}', { token })`. */
export function routePath<P extends RoutePath>(path: P, ...[params]: [ParamNames<P>] extends [never] ? [] : [Record<ParamNames<P>, string>]): string {
  const values: Record<string, string> = params ?? {};
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]!));
}

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
