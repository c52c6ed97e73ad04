// Bundles a function exactly as the CDK app does: lib/bundling.ts's options, turned into esbuild options the way
// aws-cdk-lib's NodejsFunction turns them into its esbuild command line (checked: the same bytes as cdk.out's assets).
import { cpSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { BUNDLING, CREDENTIALS_ALIAS } from '../../lib/bundling.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The props NodejsFunction's bundling reads that lib/bundling.ts sets; any other prop must be added here first. */
const KNOWN = new Set(['forceDockerBundling', 'format', 'target', 'minify', 'sourceMap', 'logLevel', 'mainFields', 'bundleAwsSDK', 'banner', 'esbuildArgs']);

export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  const unknown = Object.keys(BUNDLING).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) throw new Error(`bench/cold-start/bundle.ts does not map lib/bundling.ts's ${unknown.join(', ')} yet`);
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: BUNDLING.target,
    format: BUNDLING.format,
    outfile,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    // bundleAwsSDK: true and no externalModules or nodeModules: nothing is external.
    external: BUNDLING.bundleAwsSDK ? [] : ['@aws-sdk/*'],
    logLevel: BUNDLING.logLevel,
    banner: { js: BUNDLING.banner },
    mainFields: [...BUNDLING.mainFields],
    // esbuildArgs holds one thing, the credentials alias (relative to the repository, where CDK runs esbuild).
    alias: { [CREDENTIALS_ALIAS.from]: resolve(ROOT, CREDENTIALS_ALIAS.to) },
  };
}

export interface Bundle {
  file: string;
  bytes: number;
  /** Bytes of the folders copied beside the bundle (read at run time, not loaded with it), as lib/feedback-function.ts ships them. */
  besideBytes: number;
  /** Bytes in the output per package (or per folder of our own code), largest first. */
  composition: Array<{ from: string; bytes: number }>;
}

function composition(metafile: Metafile): Bundle['composition'] {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
      bytes.set(pkg, (bytes.get(pkg) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytes].map(([from, n]) => ({ from, bytes: n })).sort((a, b) => b.bytes - a.bytes);
}

const folderBytes = (folder: string): number =>
  readdirSync(folder, { withFileTypes: true, recursive: true }).reduce((n, f) => (f.isFile() ? n + statSync(join(f.parentPath, f.name)).size : n), 0);

/** `beside`: folders (absolute) copied next to index.mjs under their own names, as CDK's afterBundling hook does. */
export async function bundle(entry: string, outDir: string, name: string, nodePaths: string[] = [], beside: readonly string[] = []): Promise<Bundle> {
  const file = join(outDir, name, 'index.mjs');
  const result = await build({ ...esbuildOptions(entry, file), metafile: true, ...(nodePaths.length ? { nodePaths } : {}) });
  for (const folder of beside) cpSync(folder, join(outDir, name, basename(folder)), { recursive: true });
  return { file, bytes: statSync(file).size, besideBytes: beside.reduce((n, folder) => n + folderBytes(folder), 0), composition: composition(result.metafile) };
}
