// Bundles every function of FUNCTIONS exactly as CDK does (bench/cold-start/bundle.ts) and prints its size and zod's
// share: a quick check of a change's cost in bundle bytes, without the stack or the rest of the bench.
// npx tsx bench/bundle-sizes.ts [--json FILE]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS, type FunctionName } from '../functions/routes.js';
import { bundle } from './cold-start/bundle.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'bundle-sizes-'));
const rows: Array<{ fn: FunctionName; bytes: number; zod: number }> = [];
try {
  for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) {
    const b = await bundle(resolve(ROOT, FUNCTIONS[fn].entry), out, fn);
    rows.push({ fn, bytes: b.bytes, zod: b.composition.find((c) => c.from === 'zod')?.bytes ?? 0 });
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
console.log('| function | bundle | bytes | zod |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.fn} | ${kib(r.bytes)} | ${r.bytes.toLocaleString('en')} | ${kib(r.zod)} |`);
const json = process.argv.indexOf('--json');
const jsonFile = json > 0 ? process.argv[json + 1] : undefined;
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(rows, null, 2));
