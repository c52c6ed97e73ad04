// docs/openapi.yaml stays true: its operations are exactly the route table's, with the same authentication.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../functions/routes.js';

const spec = parse(readFileSync('docs/openapi.yaml', 'utf8')) as {
  paths: Record<string, Record<string, { security?: Array<Record<string, unknown>>; 'x-permission'?: string }>>;
};
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const documented = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path}`,
      security: Object.keys(op.security?.[0] ?? {})[0] ?? 'public',
      permission: op['x-permission'],
    })),
);

describe('docs/openapi.yaml', () => {
  it('documents exactly the routes the API serves', () => {
    expect(documented.map((d) => d.key).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('names the same authentication as the route table', () => {
    for (const route of ROUTES) {
      expect(documented.find((d) => d.key === `${route.method} ${route.path}`)?.security, `${route.method} ${route.path}`).toBe(route.auth);
    }
  });

  it('names the same permission as the route table (x-permission)', () => {
    for (const route of ROUTES) {
      expect(documented.find((d) => d.key === `${route.method} ${route.path}`)?.permission, `${route.method} ${route.path}`).toBe(route.permission);
    }
  });
});
