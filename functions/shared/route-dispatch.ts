// How an HTTP function picks what to do: one action per route key it serves (ROUTES in functions/routes.ts), no more,
// no fewer; the types refuse a table that misses or invents a route, and an event of another route is a 404.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpFunctionName, RouteKeyOf } from '../routes.js';
import { NotFound } from './errors.js';
import type { HttpResult } from './http.js';

export type RouteAction = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;
export type RouteActions<F extends HttpFunctionName> = { readonly [K in RouteKeyOf<F>]: RouteAction };

export interface RouteDispatcher<F extends HttpFunctionName> extends RouteAction {
  readonly fn: F;
  /** The route keys it serves: a test holds them equal to the route table's. */
  readonly routes: readonly RouteKeyOf<F>[];
}

export function dispatch<F extends HttpFunctionName>(fn: F, actions: RouteActions<F>): RouteDispatcher<F> {
  const byKey = new Map<string, RouteAction>(Object.entries(actions));
  const serve = async (event: APIGatewayProxyEventV2) => {
    const action = byKey.get(event.routeKey);
    if (!action) throw new NotFound(`Nothing at ${event.rawPath}`);
    return action(event);
  };
  return Object.assign(serve, { fn, routes: Object.keys(actions) as RouteKeyOf<F>[] });
}
