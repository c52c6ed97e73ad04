// Every function's schemas use zod/mini through functions/shared/zod.ts: one module importing zod's classic API (or
// zod/mini without the English messages) would put both into its bundle, or change the messages a 400 names.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve('functions');
const ZOD_MODULE = join(ROOT, 'shared', 'zod.ts');

function modulesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return modulesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('zod in the functions', () => {
  it('is imported from functions/shared/zod.ts only, never from the zod package', () => {
    const offenders = modulesUnder(ROOT)
      .filter((module) => module !== ZOD_MODULE)
      .filter((module) => /\bfrom\s+'zod(\/[^']*)?'/.test(readFileSync(module, 'utf8')))
      .map((module) => relative(ROOT, module));
    expect(offenders).toEqual([]);
  });
});
