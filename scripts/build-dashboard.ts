// Builds the CX dashboard (dashboard/) into dist/dashboard/: one minified ES module, one stylesheet, the page and its icon.
// Run by `npm start`, the integration tests' global setup, `cdk synth` (cdk.json) and the CDK tests, so the files
// served locally and deployed to S3 are always those of the current source.
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DASHBOARD_BUILD_DIR } from '../dashboard/headers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DASHBOARD_DIST = resolve(ROOT, DASHBOARD_BUILD_DIR);

export interface BuiltFile {
  file: string;
  bytes: number;
}

export async function buildDashboard(outDir = DASHBOARD_DIST): Promise<BuiltFile[]> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: [
      { in: 'dashboard/src/main.ts', out: 'app' },
      { in: 'dashboard/styles.css', out: 'app' },
    ],
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome111', 'edge111', 'firefox114', 'safari16.4'],
    sourcemap: 'linked',
    legalComments: 'eof',
    logLevel: 'warning',
    // Nothing of Node may reach the browser bundle by accident.
    platform: 'browser',
  });
  for (const file of ['index.html', 'favicon.svg']) copyFileSync(resolve(ROOT, 'dashboard', file), resolve(outDir, file));
  return ['app.js', 'app.css', 'index.html', 'favicon.svg'].map((file) => ({
    file: relative(ROOT, resolve(outDir, file)),
    bytes: statSync(resolve(outDir, file)).size,
  }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildDashboard();
  console.log(`Dashboard built: ${files.map((f) => `${f.file} ${(f.bytes / 1024).toFixed(1)} KiB`).join(', ')}`);
}
