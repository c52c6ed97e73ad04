// The route table is the one place routes are declared: each has one permission of its auth kind, and each function's
// handler dispatches over exactly the route keys the table gives it, answering 404 to any other.
import { describe, expect, it } from 'vitest';
import { makeAlerts } from '../../../functions/alerts/http-handler.js';
import { makeCustomers } from '../../../functions/customers/http-handler.js';
import { makeDigestSettings } from '../../../functions/digest/http-handler.js';
import { makeIngestRoutes } from '../../../functions/ingest/http-handler.js';
import { makePrivacy } from '../../../functions/privacy/http-handler.js';
import { makeSurveys } from '../../../functions/programs/http-handler.js';
import { makeReports } from '../../../functions/reports/http-handler.js';
import { makeResponseRoutes } from '../../../functions/responses/http-handler.js';
import { PERMISSIONS, ROUTES, routeKey, routePath, type Auth, type HttpFunctionName } from '../../../functions/routes.js';
import { NotFound } from '../../../functions/shared/errors.js';
import type { RouteDispatcher } from '../../../functions/shared/route-dispatch.js';
import { makeSurveyPage } from '../../../functions/survey-page/http-handler.js';
import { makeTopics } from '../../../functions/topics/http-handler.js';
import { makeWebhooks } from '../../../functions/webhooks/http-handler.js';
import { httpEvent } from '../support/events.js';

// Building a dispatch table touches no dependency: the tables are read here, never run, except for the 404 below.
const none = {} as never;
/** Every function behind a route, by the type's own list: a new HTTP function without an entry here does not compile. */
const DISPATCHERS: { [F in HttpFunctionName]: RouteDispatcher<F> } = {
  ingestHttp: makeIngestRoutes(none),
  surveyPage: makeSurveyPage(none),
  customers: makeCustomers(none),
  reports: makeReports(none),
  responses: makeResponseRoutes(none),
  surveys: makeSurveys(none),
  privacy: makePrivacy(none),
  topics: makeTopics(none),
  alerts: makeAlerts(none),
  webhooks: makeWebhooks(none),
  digestSettings: makeDigestSettings(none),
};

const AUTH_KINDS = Object.keys(PERMISSIONS) as Auth[];

describe('ROUTES', () => {
  it('declares each route key once', () => {
    const keys = ROUTES.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(ROUTES.map((route) => [routeKey(route), route] as const))('%s needs one permission, of its own auth kind', (_key, route) => {
    expect(AUTH_KINDS).toContain(route.auth);
    expect(PERMISSIONS[route.auth] as readonly string[]).toContain(route.permission);
    for (const other of AUTH_KINDS.filter((auth) => auth !== route.auth)) expect(PERMISSIONS[other] as readonly string[]).not.toContain(route.permission);
  });

  it('names no permission that no route needs', () => {
    const needed = new Set(ROUTES.map((route) => route.permission));
    expect(
      Object.values(PERMISSIONS)
        .flat()
        .filter((permission) => !needed.has(permission)),
    ).toEqual([]);
  });

  it('keeps the customer links public and everything about customers behind a manager permission', () => {
    const publicKeys = ROUTES.filter((route) => route.auth === 'public').map(routeKey);
    expect(publicKeys.sort()).toEqual(['GET /s/{token}', 'GET /u/{token}', 'POST /s/{token}', 'POST /u/{token}']);
    expect(ROUTES.find((route) => routeKey(route) === 'DELETE /customers/{id}')?.permission).toBe('customers:erase');
  });
});

describe('each HTTP function', () => {
  it.each(Object.values(DISPATCHERS).map((dispatcher) => [dispatcher.fn, dispatcher] as const))(
    '%s dispatches over exactly its route keys',
    (fn, dispatcher) => {
      const declared = ROUTES.filter((route) => route.fn === fn).map(routeKey);
      expect([...dispatcher.routes].sort()).toEqual(declared.sort());
    },
  );

  it('covers every routed function of the table', () => {
    expect(Object.keys(DISPATCHERS).sort()).toEqual([...new Set(ROUTES.map((route) => route.fn))].sort());
  });

  it.each(Object.values(DISPATCHERS).map((dispatcher) => [dispatcher.fn, dispatcher] as const))(
    '%s answers 404 to a route that is not its own, without running anything',
    async (_fn, dispatcher) => {
      const foreign = ROUTES.find((route) => !(dispatcher.routes as readonly string[]).includes(routeKey(route)))!;
      const event = httpEvent({ method: foreign.method, path: '/elsewhere', routeKey: routeKey(foreign) });

      await expect(dispatcher(event)).rejects.toBeInstanceOf(NotFound);
    },
  );
});

describe('routePath', () => {
  it("fills a route's parameters, each URI-encoded", () => {
    expect(routePath('/s/{token}', { token: 'a/b c?' })).toBe('/s/a%2Fb%20c%3F');
    expect(routePath('/webhooks/{id}/deliveries', { id: 'w1' })).toBe('/webhooks/w1/deliveries');
    expect(routePath('/reports/channels')).toBe('/reports/channels');
  });
});
