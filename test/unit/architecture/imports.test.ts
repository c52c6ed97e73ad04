// The functions' modules form no import cycle: each layer imports only downwards (handler -> use case -> port ->
// adapter, and domain/ below them all), so any module can be read, tested and bundled without the ones above it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve('functions');

function modulesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return modulesUnder(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports, type-only ones included: a cycle of types is still two modules that need each other. */
function importsOf(module: string): string[] {
  const source = readFileSync(module, 'utf8');
  return [...source.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'(\.{1,2}\/[^']+)\.js'/gms)].map((m) => resolve(dirname(module), `${m[1]}.ts`));
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('the functions/ import graph', () => {
  it('reads the imports it checks (the cycle check would pass vacuously otherwise)', () => {
    expect(importsOf(join(ROOT, 'aggregates/changes.ts'))).toContain(join(ROOT, 'aggregates/insight-counters.ts'));
  });

  it('has no cycle', () => {
    const graph = new Map(modulesUnder(ROOT).map((module) => [module, importsOf(module)]));
    const cycle = findCycle(graph);
    expect(cycle?.map((module) => relative(ROOT, module)) ?? null).toBeNull();
  });
});
